/**
 * The connection under a session is gone (peer closed, reset, malformed input, our own close).
 * `delivered` tells a command's owner whether the command had been handed to the socket: one that
 * was not can be sent again on a new connection without risk.
 */
export class ConnectionLost extends Error {
  override readonly name = 'ConnectionLost';
  readonly delivered: boolean;

  constructor(message: string, delivered: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.delivered = delivered;
  }
}
