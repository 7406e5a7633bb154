/**
 * `npm run emulator -- [flags]`: the emulator alone on a socket. Prints
 * `Graph emulator listening on <url>` once it accepts connections.
 */
import { runFromArgs } from './serve';

runFromArgs(process.argv.slice(2));
