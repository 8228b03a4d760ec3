import Foundation

/// A text file's contents, or an error that says which file and why (missing, a directory, not allowed, not UTF-8).
func readText(_ path: String, _ what: String = "") throws -> String {
    guard let text = String(data: try readData(path, what), encoding: .utf8) else {
        throw CommandFailure("cannot read \(what.isEmpty ? path : "\(what) \(path)"): it is not UTF-8 text")
    }
    return text
}

func readData(_ path: String, _ what: String = "") throws -> Data {
    let named = what.isEmpty ? path : "\(what) \(path)"
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CommandFailure("cannot read \(named): there is no such file") }
    guard !isDirectory.boolValue else { throw CommandFailure("cannot read \(named): it is a directory") }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure("cannot read \(named): \(reason(error))")
    }
}

/// The operating system's words for a file error, without Foundation's domain and code.
func reason(_ error: any Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let underlying, underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
        return String(cString: strerror(code.rawValue)).lowercased()
    }
    return (error as NSError).localizedFailureReason ?? error.localizedDescription
}
