// `npm start`: `changer serve` on a checkout's embedded default — one virtual library (the 24-slot
// profile, mechanics at 10× real speed) under ./data, the SQLite catalog beside it, the API on
// 127.0.0.1:7800, the drives over iSCSI on 127.0.0.1:3260, and the admin token printed (a
// playground; a service configured by a file never prints it). The flags and CHANGER_* variables
// are `changer serve`'s (src/cli/serve/serveSettings.ts). package.json runs this file with
// `exec node --import tsx`, so npm's SIGTERM reaches this process, not a tsx wrapper; and should
// npm die without passing a signal on, the manager stops when its parent is gone.
import { serveCommand } from './commands/serve.ts';

process.exitCode = await serveCommand(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }, 'npm start');
