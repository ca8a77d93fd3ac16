import { PACKAGE_VERSION } from '../packageVersion.ts';
import { MtxFatal } from './mtxFatal.ts';

/** mtx 1.3.12's usage text, tabs included: scripts and people compare it with real mtx. */
export const USAGE_TEXT = `Usage:
\tmtx --version
\tmtx [ -f <loader-dev> ] noattach <more commands>
\tmtx [ -f <loader-dev> ] inquiry | inventory 
\tmtx [ -f <loader-dev> ] [altres] [nobarcode] status
\tmtx [ -f <loader-dev> ] [altres] first [<drive#>]
\tmtx [ -f <loader-dev> ] [altres] last [<drive#>]
\tmtx [ -f <loader-dev> ] [altres] previous [<drive#>]
\tmtx [ -f <loader-dev> ] [altres] next [<drive#>]
\tmtx [ -f <loader-dev> ] [altres] [invert] load <storage-element-number> [<drive#>]
\tmtx [ -f <loader-dev> ] [altres] [invert] unload [<storage-element-number>][<drive#>]
\tmtx [ -f <loader-dev> ] [altres] [eepos eepos-number] transfer <storage-element-number> <storage-element-number>
\tmtx [ -f <loader-dev> ] [altres] [eepos eepos-number][invert][invert2] exchange <storage-element-number> <storage-element-number>
\tmtx [ -f <loader-dev> ] [altres] position <storage-element-number>
\tmtx [ -f <loader-dev> ] eject
`;

/**
 * The version line keeps mtx's "mtx version 1.3.12" (the behaviour reproduced) and says what
 * actually answers, with its own version. Like mtx, --version is followed by the usage and exit code 1.
 */
export const VERSION_TEXT = `mtx version 1.3.12 (changer-mtx ${PACKAGE_VERSION})\n\n`;

export function usage(): MtxFatal {
  return new MtxFatal(USAGE_TEXT);
}

export function version(): MtxFatal {
  return new MtxFatal(VERSION_TEXT + USAGE_TEXT);
}
