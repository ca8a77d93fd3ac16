// Kept free of imports: both bins install it before anything else loads.

/**
 * A reader that leaves early (`changer status | head -1`) ends the command the way SIGPIPE ends a
 * Unix tool: quietly, exit 0, since the reader got all it wanted. Node ignores SIGPIPE and reports
 * the closed pipe as an EPIPE 'error' on the stream instead, which unhandled would print a stack
 * trace and exit 1. Any other stream error is still thrown.
 */
export function endQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
