// Grades one URL with the MDN HTTP Observatory's own retriever, tests and grader (its `scan()`
// ignores ports and paths in 1.4.x, so this is that function with the options passed through).
// Prints {"grade","score","tests":{name:{pass,result}}} as JSON. Run with NODE_EXTRA_CA_CERTS set
// to the TLS front's certificate.
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import { getGradeForScore, getScoreModifier } from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [hostname, path] = process.argv.slice(2);
const r = await retrieve(hostname, { path });
if (!r.responses.auto) throw new Error(`${hostname}${path}: no response`);
const results = ALL_TESTS.map((test) => test(r));
let withExtra = 100;
let uncurved = 100;
const tests = {};
for (const result of results) {
  const modifier = result.result ? getScoreModifier(result.result) : 0;
  withExtra += modifier;
  if (modifier < 0) uncurved += modifier;
  tests[result.constructor.name] = { pass: result.pass, result: result.result, modifier };
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtra : uncurved;
const { grade } = getGradeForScore(score);
console.log(JSON.stringify({ status: r.responses.auto.status, grade, score, tests }));
