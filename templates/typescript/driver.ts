// The conformance driver: JSON lines in, one verdict per line out.
// (No @types/node: the little of node it uses is declared here.)
import * as shapes from './index.js';
import { ValidationError } from './index.js';

declare const process: {
  argv: string[];
  stdin: { setEncoding(encoding: string): void; on(event: string, listener: (chunk: string) => void): void };
  stdout: { write(text: string): boolean };
};

type Parser = (value: unknown) => unknown;
const namespaces = shapes as unknown as Record<string, { PARSERS?: ReadonlyMap<string, Parser> }>;
// namespace -> the name src/index.ts exports it under
const exportOf: Record<string, string> = JSON.parse(process.argv[2] ?? '{}');

function verdict(shape: string, text: string): unknown {
  const colon = shape.indexOf(':');
  const exported = exportOf[shape.slice(0, colon)] ?? shape.slice(0, colon);
  const parse = namespaces[exported]?.PARSERS?.get(shape.slice(colon + 1));
  if (parse === undefined) return { unknown: shape };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `: not JSON: ${(error as Error).message}` };
  }
  try {
    return { ok: true, json: parse(value) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, error: `${error.pointer}: ${error.message}` };
    throw error;
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const out: string[] = [];
  for (const line of input.split('\n')) {
    if (line.trim() === '') continue;
    const item = JSON.parse(line) as { shape: string; text: string };
    out.push(JSON.stringify(verdict(item.shape, item.text)) + '\n');
  }
  process.stdout.write(out.join(''));
});
