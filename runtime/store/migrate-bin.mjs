#!/usr/bin/env node
// The `switchboard-migrate` command (see migrate-cli.ts). The code is TypeScript; tsx loads it without a build step.
import { tsImport } from "tsx/esm/api";

await tsImport("./migrate-cli.ts", import.meta.url);
