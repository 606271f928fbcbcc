import { InputError } from '@backstage/errors';
import { parseFleetQuery } from './parseFleetQuery';

const SORT = ['entityRef', 'pods'];

describe('parseFleetQuery', () => {
  it('turns single and repeated parameters into lists and applies paging defaults', () => {
    expect(
      parseFleetQuery(
        {
          cluster: 'a',
          namespace: ['x', 'y'],
          severity: 'error',
          code: ['MW101'],
          search: '  shop ',
          sort: '-pods',
        },
        SORT,
      ),
    ).toEqual({
      cluster: ['a'],
      namespace: ['x', 'y'],
      severity: ['error'],
      code: ['MW101'],
      search: 'shop',
      sort: '-pods',
      offset: 0,
      limit: 100,
    });
    expect(parseFleetQuery({ offset: '20', limit: '500' }, SORT)).toMatchObject(
      {
        offset: 20,
        limit: 500,
      },
    );
  });

  it.each([
    [{ limit: '0' }, /limit/],
    [{ limit: '501' }, /limit/],
    [{ limit: '1.5' }, /limit/],
    [{ offset: '-1' }, /offset/],
    [{ severity: 'fatal' }, /severity/],
    [{ code: 'MW999' }, /MW999/],
    [{ sort: 'owner' }, /sort.*entityRef, pods/],
    [{ cluster: '' }, /cluster/],
    [{ team: ['a', ''] }, /team/],
    [{ unknown: '1' }, /unknown/i],
  ])('rejects %j with a 400 naming the parameter', (query, message) => {
    expect(() => parseFleetQuery(query, SORT)).toThrow(InputError);
    expect(() => parseFleetQuery(query, SORT)).toThrow(message);
  });
});
