// `npm run env:example`: writes .env.example from the env schema.
import { writeFileSync } from "node:fs";
import { renderEnvExample } from "./lib/env-example";

writeFileSync(".env.example", renderEnvExample());
console.log("wrote .env.example");
