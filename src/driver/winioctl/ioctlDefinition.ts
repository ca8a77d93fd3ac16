import { ctlCode, Method, type CtlCodeParts } from './ctlCode.ts';

/** One control code: its name, its parts, and the least buffer lengths the driver accepts. */
export interface IoctlDefinition extends CtlCodeParts {
  readonly name: string;
  readonly code: number;
  /** Least input the driver accepts; 0 when it takes none, undefined when the reference gives no figure. */
  readonly minInputLength: number | undefined;
  readonly minOutputLength: number | undefined;
}

/** Builds a METHOD_BUFFERED definition, its code computed rather than copied, so a typo cannot hide. */
export function defineIoctl(
  name: string,
  deviceType: number,
  fn: number,
  access: number,
  minInputLength: number | undefined,
  minOutputLength: number | undefined,
): IoctlDefinition {
  const method = Method.BUFFERED;
  return { name, code: ctlCode(deviceType, fn, method, access), deviceType, function: fn, method, access, minInputLength, minOutputLength };
}
