import Foundation

/// What the inbox keeps instead of the raw body of a delivery whose events were all stored before (a retry).
/// No inbox event refers to such a delivery, so its body would never be read again; but keyword rules mask the
/// original delivery's body once its messages are processed, and the retry's copy would keep the clear text
/// forever. The row stays (source, arrival, event count: what was acknowledged, when) with this small record.
/// No hash of the body: an unkeyed digest of a known body with one card number in it can be brute-forced.
public enum RedeliveredBody {
    /// The record for a retried body of `bytes` bytes.
    public static func record(replacing bytes: Int) -> Data {
        Data(#"{"parley_redelivery":{"bytes":\#(bytes)}}"#.utf8)
    }
}
