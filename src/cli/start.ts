// `npm start`: the manager on the embedded virtual library. Until the manager lands it shows
// the embedded library through the class driver (see README).
import { main } from './startMain.ts';

await main(process.argv.slice(2));
