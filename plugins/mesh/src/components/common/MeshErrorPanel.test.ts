import { ResponseError } from '@backstage/errors';
import { adviceForError } from './MeshErrorPanel';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Internal Server Error',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}

describe('adviceForError', () => {
  it('says what failed when the backend answered with a 500, not that it did not answer', async () => {
    const advice = adviceForError(
      await responseError(500, 'cluster demo: analysis failed'),
    );
    expect(advice.title).toBe('The mesh backend failed (500)');
    expect(advice.advice).toMatch(/^cluster demo: analysis failed\. /);
    expect(advice.advice).not.toMatch(/did not answer/);
  });

  it('keeps "did not answer" for a request that got no response', () => {
    const advice = adviceForError(new TypeError('Failed to fetch'));
    expect(advice.advice).toMatch(/did not answer/);
  });
});
