/// A command that could not do its work, in words for the person who ran it. Printed as "Error: …" without the
/// usage text, which belongs to mistakes in the arguments (`ValidationError`, thrown from `validate()`).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
