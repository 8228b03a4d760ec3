import Foundation

/// `x_keyword` traffic: public tweets about the brand that do not mention the account, published on the
/// filtered stream (`SandboxState.publishXStreamTweet`). They reach Parley only through the channels' monitoring
/// rules; `parley demo` monitors `acme`, `#acmehelp` and `"acme router"`, which these tweets use.
extension XTraffic {
    static let keywordSource = "x_keyword"

    static let keywordTexts = [
        "is anyone else's acme router dropping the wifi every evening?",
        "Three days waiting for #acmehelp to answer about my refund 😤",
        "the new acme router is great but the app keeps logging me out",
        "مرحبا، جهاز acme router لا يعمل منذ أمس",
        "Does acme ship to Norway? Asking before I order",
        "my acme order arrived broken, box crushed. who do I talk to? #acmehelp",
    ]

    mutating func keywordTweet() -> SandboxServer.XStreamPublish {
        let id = "1" + random.randomID(digits: 18)
        let name = random.pick(["Ann Lee", "Bo Chen", "Dana Cohen", "Ravi Iyer", "Mia Sato"])
        return SandboxServer.XStreamPublish(text: random.pick(Self.keywordTexts), author_id: id, username: "sandbox_\(id.suffix(4))", name: name)
    }
}
