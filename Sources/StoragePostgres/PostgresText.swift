import Domain
import PostgresNIO

/// PostgreSQL text cannot hold U+0000, which JSON (and so customers, platforms and API clients) can send. Every
/// `String` bound in this module's queries passes through here and loses its NUL characters, so such text is
/// stored rather than failing the transaction (SQLite keeps them; nothing in Parley gives them meaning).
extension PostgresQuery.StringInterpolation {
    mutating func appendInterpolation(_ value: String) {
        bind(value.withoutNUL)
    }

    mutating func appendInterpolation(_ value: String?) {
        bind(value.map(\.withoutNUL))
    }

    /// The library's generic binding (a generic context does not pick the `String` overloads above).
    private mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        appendInterpolation(value)
    }

    private mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        appendInterpolation(value)
    }
}
