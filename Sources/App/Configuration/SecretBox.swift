import Crypto
import Foundation

/// Resolves secret references and seals secrets at rest with AES-GCM under the instance key: base64 of 32
/// bytes in `PARLEY_SECRET_KEY`, or `secret.key` in the data directory (created on first use, mode 0600).
public struct SecretBox: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case missingEnvironment(String)
        case undecryptable
        case badKey(String)

        public var description: String {
            switch self {
            case .missingEnvironment(let name): "environment variable \(name) is not set"
            case .undecryptable: "an encrypted secret could not be decrypted with this instance's key"
            case .badKey(let why): "secret key: \(why)"
            }
        }
    }

    private let key: SymmetricKey
    private let environment: [String: String]

    public init(key: SymmetricKey, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.key = key
        self.environment = environment
    }

    /// The instance key from the environment, else from (or newly into) `dataDirectory/secret.key`.
    public static func instanceKey(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SymmetricKey {
        if let text = environment["PARLEY_SECRET_KEY"] {
            guard let data = Data(base64Encoded: text), data.count == 32 else {
                throw Failure.badKey("PARLEY_SECRET_KEY must be base64 of 32 random bytes (openssl rand -base64 32)")
            }
            return SymmetricKey(data: data)
        }
        let path = (dataDirectory as NSString).appendingPathComponent("secret.key")
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
                throw Failure.badKey("\(path) does not hold base64 of 32 bytes")
            }
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() }
        guard FileManager.default.createFile(atPath: path, contents: Data((encoded + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure.badKey("cannot write \(path)")
        }
        return key
    }

    public func resolve(_ reference: SecretReference) throws -> String {
        switch reference {
        case .plain(let value): return value
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else { throw Failure.missingEnvironment(name) }
            return value
        case .encrypted(let blob):
            guard let data = Data(base64Encoded: blob), let box = try? AES.GCM.SealedBox(combined: data),
                let plain = try? AES.GCM.open(box, using: key)
            else { throw Failure.undecryptable }
            return String(decoding: plain, as: UTF8.self)
        }
    }

    /// The `{encrypted: …}` form of a secret.
    public func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else { throw Failure.undecryptable }
        return combined.base64EncodedString()
    }
}
