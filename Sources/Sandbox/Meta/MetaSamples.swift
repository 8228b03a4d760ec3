/// What customers of a consumer brand ("Acme") write on each Meta surface: care questions, complaints, thanks,
/// in several languages and scripts (right-to-left, CJK, emoji), so Parley's routing, analysis and rendering
/// see something like production traffic.
enum MetaSamples {
    static let names = ["Sam Rivera", "Aisha Khan", "Lucía Gómez", "Tom Becker", "Yuki Tanaka", "Noa Levi",
                        "Omar Haddad", "Claire Martin", "Priya Nair", "João Silva", "Fatima Zahra", "Mei Lin"]

    static let openers = [
        "Hi! My order #4471 still hasn't arrived, it's been 10 days.",
        "Hello, I was charged twice for the same order. Can you refund one of them?",
        "Do you ship to the Canary Islands?",
        "My password reset email never arrives 😕",
        "Hola, ¿podéis cambiar la dirección de entrega de mi pedido 8812?",
        "Bonjour, je voudrais annuler ma commande 5530, elle n'est pas encore partie.",
        "مرحبا، وصل الطلب ناقص قطعة، ماذا أفعل؟",
        "שלום, המוצר הגיע שבור. אפשר להחליף?",
        "注文した靴のサイズを交換できますか？",
        "The app logs me out every time I open it. iPhone 15, latest version.",
        "Can I speak to a person please? The bot doesn't understand me.",
        "My card ends in 4242 and the payment keeps failing at checkout.",
    ]

    static let followUps = [
        "The order number is 4471-2290.",
        "I already tried that twice, same result.",
        "Any update on this? 🙏",
        "It says 'payment declined' but the money left my account.",
        "Thanks, that worked! 👍🏽",
        "Ok, I'll wait for the courier tomorrow then.",
    ]

    static let quickReplies = [("Track my order", "TRACK_ORDER"), ("Yes, that's it", "CONFIRM_YES"),
                               ("No, something else", "CONFIRM_NO"), ("Talk to an agent", "HUMAN_AGENT")]
    static let postbacks = [("Get Started", "GET_STARTED"), ("Talk to an agent", "TALK_TO_AGENT"), ("Return an item", "RETURN_ITEM")]

    static let companyPosts = [
        "Our spring sale starts today: 20% off all outdoor gear until Sunday! 🌸",
        "Heads-up: deliveries to the islands may take 2 extra days this week because of the weather.",
        "We've updated our app: faster checkout and a new order tracker. Tell us what you think!",
    ]

    static let customerPosts = [
        "@Acme I've been waiting three weeks for a refund and nobody answers my emails. Not acceptable.",
        "Shout-out to the Acme team in Valencia, they fixed my bike in one day 👏",
        "Is anyone else's order stuck at 'preparing' since Monday?",
        "Acme, votre livraison express a mis 9 jours. Express ?",
    ]

    static let comments = [
        "Ordered on the 3rd and still nothing. What's going on?",
        "Does the 20% include the kids' range?",
        "Love it! Bought the tent last year and it's still perfect ❤️",
        "Your checkout page crashes on Android when I add a coupon.",
        "Is the sale online only or in stores too?",
        "Still waiting for someone to answer my message…",
        "¿Esto aplica también en Canarias?",
        "Vraiment déçue du service client cette fois.",
    ]

    static let replies = [
        "Same here, mine is stuck too.",
        "They answered me in Messenger after a day, hang in there.",
        "Try clearing the app cache, that fixed it for me.",
        "+1, would love to know too",
    ]

    static let edits = ["EDIT: sorted now, thanks Acme!", "Ordered on the 3rd, order 4471, still nothing. What's going on?"]

    static let pageReplies = [
        "Hi! Sorry for the wait, we've sent you a private message to sort this out.",
        "Yes, it applies online and in all our stores 🙂",
        "Thanks for letting us know! Our team is looking into it.",
    ]

    static let instagramComments = ["Where can I buy this? 😍", "Price please?", "Mine arrived broken 😡 check your DMs",
                                    "Does it come in black?", "🔥🔥🔥", "Ships to Mexico?"]
    static let instagramMessages = [
        "Hi! Saw your story, is the black one back in stock?",
        "Hello, I ordered through the Instagram shop but got no confirmation email.",
        "Can you send me the size guide?",
    ]

    static let whatsappTexts = [
        "Hi, I want to check the status of my order 4471.",
        "Good morning, is the Gran Vía store open on Sunday?",
        "I need to change my delivery slot to the afternoon please",
        "Olá! Vocês entregam em Lisboa?",
        "I got a message saying my parcel is held at customs. What do I do?",
    ]

    static let captions = ["This is how the box arrived 😞", "The receipt, in case you need it", "The error I keep getting"]

    /// (name, address, latitude, longitude): a store, a home, an office.
    static let places: [(String?, String?, Double, Double)] = [
        ("Acme Store Gran Vía", "Gran Vía 32, 28013 Madrid", 40.4203, -3.7058),
        (nil, nil, 51.5074, -0.1278),
        ("Office", "Carrer de Pallars 193, 08005 Barcelona", 41.4036, 2.1924),
    ]

    /// (id, title, kind): replies to our interactive buttons and lists.
    static let interactiveReplies = [("track_order", "Track my order", "button_reply"), ("talk_to_agent", "Talk to an agent", "button_reply"),
                                     ("slot_pm", "Afternoon 14–18", "list_reply")]
}
