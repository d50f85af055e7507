import * as core from '@actions/core';
import { run } from './run';

// The GitHub Action's entry point (action.yml `runs.main`, bundled by scripts/build-action.js).
run().catch((error: unknown) => {
  core.setFailed(`backup-lint: internal error: ${error instanceof Error ? error.message : String(error)}`);
});
