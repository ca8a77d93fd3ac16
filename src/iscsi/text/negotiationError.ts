/**
 * A negotiation that cannot go on: a repeated key, an illegal answer, a bad declaration. At the
 * target it ends the login with an initiator error (02/00); at the initiator it aborts the login.
 */
export class NegotiationError extends Error {
  override readonly name = 'NegotiationError';
}
