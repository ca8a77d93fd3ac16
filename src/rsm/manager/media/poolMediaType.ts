// An application pool holds data cartridges of one type. A name no drive knows ("LTO-99", a path)
// would make a pool that every allocation answers with an operator request for new media nobody
// can fulfil, so the manager refuses it at creation, for every front end alike.
import { LTO_DATA_MEDIA_TYPES } from '../../../storage/index.ts';
import { RsmError } from '../../rsmError.ts';

export function checkPoolMediaType(mediaType: string | null): void {
  if (mediaType === null || LTO_DATA_MEDIA_TYPES.includes(mediaType)) return;
  throw new RsmError(
    'INVALID_PARAMETER',
    `${JSON.stringify(mediaType)} is not a media type this manager knows; a pool holds one of ${LTO_DATA_MEDIA_TYPES.join(', ')}, or null for a pool of pools`,
    { detail: { mediaTypes: LTO_DATA_MEDIA_TYPES } },
  );
}
