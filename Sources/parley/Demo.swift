import App
import ArgumentParser
import Domain
import Foundation
import Hummingbird
import Sandbox
import ServiceLifecycle
import Storage

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Parley with a demo configuration, its sandbox, and live sandbox traffic.",
        discussion: """
            Parley listens on 127.0.0.1:8080 with demo channels on every platform; the sandbox listens on :9090 and
            sends a signed customer message every few seconds. Data goes to ./parley-demo (delete it to start over).

            Example: parley demo --port 8080 --interval 3
            """)

    @Option(help: "Parley's port.") var port = 8080
    @Option(help: "The sandbox's port.") var sandboxPort = 9090
    @Option(help: "Seconds between generated customer messages (0: none).") var interval = 3.0
    @Option(help: "Data directory.") var data = "parley-demo"

    func validate() throws {
        try checkPort(port, "--port")
        try checkPort(sandboxPort, "--sandbox-port")
    }

    func run() async throws {
        try createDataDirectory(data)
        let configPath = (data as NSString).appendingPathComponent("parley.yml")
        try DemoConfiguration.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        var options = ServeOptions()
        options.dataDirectory = data
        options.configFile = configPath
        options.port = port
        options.platformAPIOverride = "http://127.0.0.1:\(sandboxPort)"
        options.environment["PARLEY_DEMO_SECRET"] = DemoConfiguration.secret

        let secrets = Dictionary(uniqueKeysWithValues: WebhookSource.allCases.map { ($0, DemoConfiguration.secret) })
        var accounts = SandboxServer.Accounts()
        accounts.lineChannel = "acme-line"
        let sandbox = SandboxServer(secrets: secrets, parleyURL: "http://127.0.0.1:\(port)", accounts: accounts)
        // The open channel's reference integrator confirms each reply it takes: delivered, then read.
        await sandbox.open.setReceipts(.read)
        let sandboxApp = sandbox.makeApplication(host: "127.0.0.1", port: sandboxPort)
        let interval = self.interval
        let serveOptions = options
        let traffic = ServiceLifecycle.ServiceGroup(configuration: .init(services: [sandboxApp], logger: .init(label: "sandbox")))
        say("Sandbox listening on http://127.0.0.1:\(sandboxPort) (GET /_sandbox/calls)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await traffic.run() }
            group.addTask {
                try await runServer(serveOptions) { parleyPort in
                    await DemoPeople.ensure(databasePath: serveOptions.resolvedDatabasePath, parleyPort: parleyPort)
                    guard interval > 0 else { return }
                    Task { await DemoTraffic.run(sandbox: sandbox, sandboxURL: "http://127.0.0.1:\(sandboxPort)", interval: interval) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// The demo's agents and supervisor, created once, with their passwords printed at every start.
enum DemoPeople {
    /// Skills match the demo workgroups: support needs English 3 (any member after 2 minutes), billing needs
    /// Billing 2; dan's English 2 reaches support only once its target has widened.
    static let people: [(username: String, name: String, role: User.Role, workgroups: [Workgroup.ID], skills: [SkillLevel])] = [
        ("ann", "Ann Agent", .agent, ["support"], [SkillLevel(skill: "english", proficiency: 4)]),
        ("bob", "Bob Agent", .agent, ["support"], [SkillLevel(skill: "english", proficiency: 3)]),
        ("cat", "Cat Agent", .agent, ["billing"], [SkillLevel(skill: "billing", proficiency: 4)]),
        ("dan", "Dan Agent", .agent, ["support", "billing"], [SkillLevel(skill: "english", proficiency: 2), SkillLevel(skill: "billing", proficiency: 3)]),
        ("sam", "Sam Supervisor", .supervisor, ["support", "billing"], []),
    ]

    static func ensure(databasePath: String, parleyPort: Int) async {
        do {
            let store = try SQLiteStore(path: databasePath)
            for person in people where try await store.user(named: person.username) == nil {
                let user = User(id: .init(TimeOrderedIDGenerator().make()), username: person.username, displayName: person.name,
                                roles: [person.role], skills: person.skills, workgroups: person.workgroups)
                try await store.createUser(user, passwordHash: try await PasswordHasher().hash(password(person.username)), at: Date())
            }
            try store.close()
            say("Demo users: " + people.map { "\($0.username) / \(password($0.username)) (\($0.role.rawValue), \($0.workgroups.map(\.rawValue).joined(separator: "+")))" }
                .joined(separator: ", "))
            say("As a customer: open http://127.0.0.1:\(parleyPort)/messenger/demo and write to Acme's web chat (queues in 'support').")
            say("As an agent: open http://127.0.0.1:\(parleyPort)/ and sign in as ann / ann-demo-pass, then go Ready. "
                + "The API is described at /openapi.json.")
            say("As a supervisor: open http://127.0.0.1:\(parleyPort)/wallboard and sign in as sam / sam-demo-pass; reports are at /api/v1/reports/.")
        } catch {
            say("demo: could not create the demo users: \(error)")
        }
    }

    static func password(_ username: String) -> String { "\(username)-demo-pass" }
}

enum DemoTraffic {
    /// Every surface in turn — Messenger, the page feed, WhatsApp, Instagram DMs and comments, X DMs, mentions and
    /// tweets about the brand on the filtered stream (`x_keyword`),
    /// LINE, the open channel — and every eighth turn a whole story (a comment thread with an edit and a removal, a
    /// customer's post, a WhatsApp conversation, an X mention followed by a follow and a DM, a LINE conversation with
    /// a redelivery), all generated and signed by the sandbox, which learns each customer's window (and each LINE
    /// reply token) from them.
    static let turns: [(source: String?, scenario: String?)] = [
        ("messenger", nil), ("facebook", nil), ("whatsapp", nil), ("instagram", nil), ("instagram_comments", nil), ("x", nil),
        ("line", nil), (nil, "comment_thread"), ("x_keyword", nil), ("open", nil), ("messenger", nil), ("whatsapp", nil), ("facebook", nil),
        ("instagram", nil), (nil, "customer_post"), ("x_mention", nil), (nil, "whatsapp_conversation"), (nil, "x_conversation"),
        ("line", nil), (nil, "line_conversation"), ("x_keyword", nil),
    ]

    static func run(sandbox: SandboxServer, sandboxURL: String, interval: Double) async {
        var turn = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(interval))
            let next = turns[turn % turns.count]
            turn += 1
            do {
                let kinds = try await sandbox.deliverTraffic(source: next.source, scenario: next.scenario, sandboxURL: sandboxURL)
                say("demo: delivered " + kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            } catch {
                say("demo: could not deliver \(next.scenario ?? next.source ?? ""): \(error)")
            }
        }
    }
}

enum DemoConfiguration {
    static let secret = "demo-webhook-secret"
    static let yaml = """
        # Written by `parley demo`. `parley demo` sets PARLEY_DEMO_SECRET itself.
        platforms:
          # app_id: the sandbox's app, so `parley channel check acme-messenger --graph-url http://127.0.0.1:9090` works.
          meta: {webhook_secret: {env: PARLEY_DEMO_SECRET}, verify_token: {env: PARLEY_DEMO_SECRET}, app_id: "1517776481860111"}
          x: {webhook_secret: {env: PARLEY_DEMO_SECRET}, bearer_token: demo-x-app-token}
          line: {webhook_secret: {env: PARLEY_DEMO_SECRET}}
          open: {webhook_secret: {env: PARLEY_DEMO_SECRET}}
        skills:
          - {id: english, name: English}
          - {id: billing, name: Billing}
        calendars:
          - id: acme-hours
            name: Acme customer care
            time_zone: Europe/Madrid
            # Open around the clock so the demo works at any hour; try emergency mode with
            # PUT /api/v1/calendars/acme-hours/emergency {"enabled": true}.
            hours: {monday: ["00:00-24:00"], tuesday: ["00:00-24:00"], wednesday: ["00:00-24:00"], thursday: ["00:00-24:00"],
                    friday: ["00:00-24:00"], saturday: ["00:00-24:00"], sunday: ["00:00-24:00"]}
            closed_message: "We're closed right now and will answer as soon as we open."
            special_days:
              - {date: "--12-25", name: Christmas, message: "Merry Christmas! We're back on the 26th."}
            emergency: {message: "We're having technical problems and will answer as soon as we can."}
        workgroups:
          - id: support
            name: Customer Support
            calendar: acme-hours
            required_skills: [{skill: english, proficiency: 3}]
            service_level_seconds: 1h
            service_level_target: 0.8
            routing:
              expansion: [{after: 2m, proficiency: 0}]
              overflow: {to: billing, after: 30m}
          - id: billing
            name: Billing
            required_skills: [{skill: billing, proficiency: 2}]
            service_level_seconds: 4h
            service_level_target: 0.8
        channels:
          # The sandbox accepts any token; a real deployment reads each from the environment ({env: VARIABLE}).
          - id: acme-facebook
            kind: facebook_page
            account_id: "103149398319188"
            name: Acme on Facebook
            workgroup: support
            access_token: demo-page-token
            polling: {interval: 2m, lookback: 1h}
          - {id: acme-instagram, kind: instagram, account_id: "17841405309211844", name: Acme on Instagram, workgroup: support, access_token: demo-page-token}
          - id: acme-messenger
            kind: messenger
            account_id: "103149398319188"
            name: Acme Messenger
            workgroup: support
            access_token: demo-page-token
            rules:
              list:
                - {id: cards, name: Card numbers, match: {detect: [payment_card, iban]}, then: {mask: {keep_last: 4}}}
                - {id: refunds, match: {words: [refund, reembolso, remboursement]}, then: {workgroup: billing, priority: 70}}
          - id: acme-whatsapp
            kind: whatsapp
            account_id: "106540352242922"
            name: Acme WhatsApp
            workgroup: support
            access_token: demo-whatsapp-token
            # As the sandbox's WhatsApp account has them approved.
            templates:
              - {name: order_update, language: en_US, body: "Good news! Order {{1}} is on its way. Reply to this message if anything looks wrong."}
              - {name: order_update, language: es_ES, body: "¡Buenas noticias! El pedido {{1}} ya está en camino. Responde a este mensaje si algo no cuadra."}
              - {name: appointment_reminder, language: en_US, body: "Hi {{1}}, this is a reminder of your appointment on {{2}}. Reply YES to confirm or CHANGE to pick another time."}
              - {name: conversation_follow_up, language: en_US, body: "We're sorry we missed you. Reply to this message and an agent will pick up your conversation."}
          # monitor: tweets about the brand that do not mention @acmesupport, through X's filtered stream.
          - {id: acme-x, kind: x, account_id: "2244994945", handle: acmesupport, name: "@acmesupport on X", workgroup: support,
             access_token: demo-x-token, monitor: {keywords: [acme, "#acmehelp", '"acme router"'], exclude: [jobs, giveaway]}}
          # LINE signs each channel's webhooks with its channel secret: they arrive at /webhooks/line/acme-line.
          - {id: acme-line, kind: line, account_id: "U0123456789abcdef0123456789abcdef", name: Acme LINE, workgroup: support,
             access_token: demo-line-token, channel_secret: {env: PARLEY_DEMO_SECRET}}
          # The sandbox's reference integrator; try `parley channel check acme-open --config parley-demo/parley.yml`.
          - {id: acme-open, kind: open, account_id: open-demo, name: Acme custom channel, workgroup: billing,
             url: "http://127.0.0.1:9090/open/open-demo", webhook_secret: {env: PARLEY_DEMO_SECRET}}
          - {id: acme-web, kind: web_messaging, account_id: demo-web, name: Acme web chat, workgroup: support, inactivity_timeout: 1h}
        # Agents insert these from the desktop's Responses panel (Alt+S): filled for the customer and agent, matching
        # ones suggested first. Responses added through the API are kept; these follow the file.
        standard_responses:
          - id: greeting
            title: Greeting
            category: Getting started
            text: "Hi {customer.first_name}, this is {agent.first_name} from Acme. How can I help you today?"
            keywords: [hello, hi, help]
          - id: order-status
            title: Where is my order
            category: Orders
            text: "Thanks for your patience, {customer.first_name}. Could you send me your order number? I'll check where it is right away."
            keywords: [order, has not arrived, not arrived, delivery, where is my order, tracking]
          - id: delivery-address
            title: Change the delivery address
            category: Orders
            text: "I can change the address while the order has not shipped yet. Please send the full new address and I'll update it."
            keywords: [delivery address, change the address, address]
          - id: refund
            title: Refund request
            category: Billing
            text: "I'm sorry about that, {customer.first_name}. I've started your refund: it reaches your card within 5 business days."
            keywords: [refund, money back, reembolso, remboursement]
          - id: follow-request
            title: Follow us for a DM
            category: Getting started
            text: "Hi {customer.first_name}! Please follow @acmesupport and we'll continue by direct message, so your details stay private."
            keywords: [account, personal details]
            channels: [x]
          - id: closing
            title: Closing
            category: Getting started
            text: "Glad I could help, {customer.first_name}! If anything else comes up, just write to us here. Have a great day."
            keywords: [thanks, thank you, solved]

        """
}
