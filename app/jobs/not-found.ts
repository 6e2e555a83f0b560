// A video job or batch asked for by a shop that does not have it: another
// shop's looks exactly like one that does not exist.
export class NotFoundError extends Error {
  constructor(what = "That video job") {
    super(`${what} was not found`);
  }
}
