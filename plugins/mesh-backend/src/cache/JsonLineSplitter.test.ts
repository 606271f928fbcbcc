import { JsonLineSplitter } from './JsonLineSplitter';

function splitAll(chunks: Buffer[]): string[] {
  const splitter = new JsonLineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(chunk, line => lines.push(line));
  splitter.flush(line => lines.push(line));
  return lines;
}

describe('JsonLineSplitter', () => {
  const events = [
    '{"type":"ADDED","object":{"metadata":{"name":"a"}}}',
    '{"type":"MODIFIED","object":{"metadata":{"name":"bücher-ü","annotations":{"note":"日本語"}}}}',
    '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"42"}}}',
  ];
  const stream = Buffer.from(`${events.join('\n')}\n`, 'utf8');

  it('yields each line of a stream that arrives in one chunk', () => {
    expect(splitAll([stream])).toEqual(events);
  });

  it('reassembles lines cut at every possible byte, inside multi-byte characters too', () => {
    for (let cut = 1; cut < stream.length; cut += 1) {
      const lines = splitAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(lines).toEqual(events);
    }
  });

  it('reassembles a stream delivered one byte at a time', () => {
    const bytes = Array.from(stream, byte => Buffer.from([byte]));
    expect(splitAll(bytes)).toEqual(events);
  });

  it('skips blank lines and yields an unterminated last line on flush', () => {
    const splitter = new JsonLineSplitter();
    const lines: string[] = [];
    splitter.push(Buffer.from('\n\r\n{"a":1}\n\n{"b"'), line =>
      lines.push(line),
    );
    expect(lines).toEqual(['{"a":1}']);
    expect(splitter.bufferedBytes).toBe(4);
    splitter.push(Buffer.from(':2}'), line => lines.push(line));
    splitter.flush(line => lines.push(line));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(splitter.bufferedBytes).toBe(0);
  });
});
