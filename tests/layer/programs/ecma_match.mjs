// Reads JSON lines [pattern, value]; prints 1 when new RegExp(pattern, "u").test(value), else 0.
import { createInterface } from "node:readline";
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line) continue;
  const [pattern, value] = JSON.parse(line);
  console.log(new RegExp(pattern, "u").test(value) ? "1" : "0");
}
