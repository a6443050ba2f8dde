#!/usr/bin/env node
// The `switchboard` command. The CLI is TypeScript; tsx loads it without a build step.
import { tsImport } from "tsx/esm/api";

const { runCli, nodeIo } = await tsImport("./main.ts", import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), nodeIo());
