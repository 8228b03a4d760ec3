import Domain
import Testing

@Suite struct MessageTemplateTests {
    let reminder = MessageTemplate(name: "appointment_reminder", language: "en_US",
                                   body: "Hi {{1}}, your appointment is on {{2}}. {{1}}, reply YES to confirm.")

    @Test func placeholdersAreCountedOnceAndRenderedEverywhere() {
        #expect(reminder.placeholders == [1, 2])
        #expect(reminder.parameterCount == 2)
        #expect(reminder.rendered(with: ["Rahul", "Tuesday"]) == "Hi Rahul, your appointment is on Tuesday. Rahul, reply YES to confirm.")
        #expect(MessageTemplate(name: "t", language: "en", body: "Thanks for waiting.").parameterCount == 0)
    }

    @Test func aParameterThatLooksLikeAPlaceholderIsShownAsTyped() {
        #expect(reminder.rendered(with: ["{{2}}", "Tuesday"]) == "Hi {{2}}, your appointment is on Tuesday. {{2}}, reply YES to confirm.")
        #expect(reminder.rendered(with: ["Rahul", "{{1}}"]) == "Hi Rahul, your appointment is on {{1}}. Rahul, reply YES to confirm.")
        #expect(MessageTemplate(name: "t", language: "en", body: "{{ 1 }} and {{x}} and {{").rendered(with: ["A"]) == "A and {{x}} and {{")
    }

    @Test func parametersWhatsAppWouldRefuseAreExplained() {
        #expect(reminder.problem(with: ["Rahul", "Tuesday"]) == nil)
        #expect(reminder.problem(with: ["Rahul"])?.contains("takes 2 parameters; 1 given") == true)
        #expect(reminder.problem(with: ["Rahul", "  "])?.contains("{{2}} is empty") == true)
        #expect(reminder.problem(with: ["Rahul", "Tue\nWed"])?.contains("line break") == true)
        #expect(reminder.problem(with: ["Rahul     Smith", "Tue"])?.contains("four spaces") == true)
        #expect(reminder.problem(with: ["Rahul", String(repeating: "x", count: 1025)])?.contains("1024") == true)
    }
}
