// Entry point of the `changer` command.
import { runChanger } from './changerProgram.ts';

process.exitCode = await runChanger(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env });
