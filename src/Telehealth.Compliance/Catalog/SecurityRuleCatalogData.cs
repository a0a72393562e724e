namespace Telehealth.Compliance;

/// <summary>
/// The text-derived data of each catalog version. A revised rule is added as a new method and a new entry in
/// <see cref="SecurityRuleCatalog.Versions"/>; an existing version is never edited except to fix a transcription error.
/// </summary>
internal static class SecurityRuleCatalogData
{
    private const ImplementationRequirement R = ImplementationRequirement.Required;
    private const ImplementationRequirement A = ImplementationRequirement.Addressable;

    /// <summary>
    /// 45 CFR 164.308–164.316 as in force since the Omnibus Rule (78 FR 5566, January 25, 2013), cross-checked
    /// with Appendix A to Subpart C of Part 164.
    /// </summary>
    public static IReadOnlyList<SecurityRuleEntry> Omnibus2013()
    {
        var b = new Builder();

        b.Section("164.308", "Administrative safeguards", SafeguardCategory.Administrative);
        b.Standard("164.308(a)(1)", "Security management process");
        b.Spec("164.308(a)(1)(ii)(A)", "Risk analysis", R);
        b.Spec("164.308(a)(1)(ii)(B)", "Risk management", R);
        b.Spec("164.308(a)(1)(ii)(C)", "Sanction policy", R);
        b.Spec("164.308(a)(1)(ii)(D)", "Information system activity review", R);
        b.Standard("164.308(a)(2)", "Assigned security responsibility");
        b.Standard("164.308(a)(3)", "Workforce security");
        b.Spec("164.308(a)(3)(ii)(A)", "Authorization and/or supervision", A);
        b.Spec("164.308(a)(3)(ii)(B)", "Workforce clearance procedure", A);
        b.Spec("164.308(a)(3)(ii)(C)", "Termination procedures", A);
        b.Standard("164.308(a)(4)", "Information access management");
        b.Spec("164.308(a)(4)(ii)(A)", "Isolating health care clearinghouse functions", R);
        b.Spec("164.308(a)(4)(ii)(B)", "Access authorization", A);
        b.Spec("164.308(a)(4)(ii)(C)", "Access establishment and modification", A);
        b.Standard("164.308(a)(5)", "Security awareness and training");
        b.Spec("164.308(a)(5)(ii)(A)", "Security reminders", A);
        b.Spec("164.308(a)(5)(ii)(B)", "Protection from malicious software", A);
        b.Spec("164.308(a)(5)(ii)(C)", "Log-in monitoring", A);
        b.Spec("164.308(a)(5)(ii)(D)", "Password management", A);
        b.Standard("164.308(a)(6)", "Security incident procedures");
        b.Spec("164.308(a)(6)(ii)", "Response and reporting", R);
        b.Standard("164.308(a)(7)", "Contingency plan");
        b.Spec("164.308(a)(7)(ii)(A)", "Data backup plan", R);
        b.Spec("164.308(a)(7)(ii)(B)", "Disaster recovery plan", R);
        b.Spec("164.308(a)(7)(ii)(C)", "Emergency mode operation plan", R);
        b.Spec("164.308(a)(7)(ii)(D)", "Testing and revision procedures", A);
        b.Spec("164.308(a)(7)(ii)(E)", "Applications and data criticality analysis", A);
        b.Standard("164.308(a)(8)", "Evaluation");
        b.Standard("164.308(b)(1)", "Business associate contracts and other arrangements");
        b.Spec("164.308(b)(3)", "Written contract or other arrangement", R);

        b.Section("164.310", "Physical safeguards", SafeguardCategory.Physical);
        b.Standard("164.310(a)(1)", "Facility access controls");
        b.Spec("164.310(a)(2)(i)", "Contingency operations", A);
        b.Spec("164.310(a)(2)(ii)", "Facility security plan", A);
        b.Spec("164.310(a)(2)(iii)", "Access control and validation procedures", A);
        b.Spec("164.310(a)(2)(iv)", "Maintenance records", A);
        b.Standard("164.310(b)", "Workstation use");
        b.Standard("164.310(c)", "Workstation security");
        b.Standard("164.310(d)(1)", "Device and media controls");
        b.Spec("164.310(d)(2)(i)", "Disposal", R);
        b.Spec("164.310(d)(2)(ii)", "Media re-use", R);
        b.Spec("164.310(d)(2)(iii)", "Accountability", A);
        b.Spec("164.310(d)(2)(iv)", "Data backup and storage", A);

        b.Section("164.312", "Technical safeguards", SafeguardCategory.Technical);
        b.Standard("164.312(a)(1)", "Access control");
        b.Spec("164.312(a)(2)(i)", "Unique user identification", R);
        b.Spec("164.312(a)(2)(ii)", "Emergency access procedure", R);
        b.Spec("164.312(a)(2)(iii)", "Automatic logoff", A);
        b.Spec("164.312(a)(2)(iv)", "Encryption and decryption", A);
        b.Standard("164.312(b)", "Audit controls");
        b.Standard("164.312(c)(1)", "Integrity");
        b.Spec("164.312(c)(2)", "Mechanism to authenticate electronic protected health information", A);
        b.Standard("164.312(d)", "Person or entity authentication");
        b.Standard("164.312(e)(1)", "Transmission security");
        b.Spec("164.312(e)(2)(i)", "Integrity controls", A);
        b.Spec("164.312(e)(2)(ii)", "Encryption", A);

        b.Section("164.314", "Organizational requirements", SafeguardCategory.Organizational);
        b.Standard("164.314(a)(1)", "Business associate contracts or other arrangements");

        // (a)(2) is one specification here; its sub-items (i) Business associate contracts, (ii) Other
        // arrangements and (iii) Business associate contracts with subcontractors are its content, not entries.
        b.Spec("164.314(a)(2)", "Business associate contracts", R);
        b.Standard("164.314(b)(1)", "Requirements for group health plans");

        // (b)(2) has no heading of its own: it lists what the plan documents must require of the plan sponsor.
        b.Spec("164.314(b)(2)", "Group health plan requirements", R);

        b.Section("164.316", "Policies and procedures and documentation requirements", SafeguardCategory.PoliciesProceduresAndDocumentation);
        b.Standard("164.316(a)", "Policies and procedures");
        b.Standard("164.316(b)(1)", "Documentation");
        b.Spec("164.316(b)(2)(i)", "Time limit", R);
        b.Spec("164.316(b)(2)(ii)", "Availability", R);
        b.Spec("164.316(b)(2)(iii)", "Updates", R);

        return b.Entries;
    }

    /// <summary>
    /// The sections of Subpart D (Notification in the case of breach of unsecured protected health information) that set
    /// who is notified and when, as in force since the Omnibus Rule (78 FR 5566, January 25, 2013).
    /// </summary>
    public static IReadOnlyList<BreachNotificationRequirement> Omnibus2013BreachNotification() =>
    [
        new("164.404", "Notification to individuals"),
        new("164.406", "Notification to the media"),
        new("164.408", "Notification to the Secretary"),
        new("164.410", "Notification by a business associate"),
        new("164.412", "Law enforcement delay"),
    ];

    private sealed class Builder
    {
        private SecurityRuleSection? _section;
        private string? _standard;

        public List<SecurityRuleEntry> Entries { get; } = [];

        public void Section(string number, string title, SafeguardCategory safeguard) =>
            (_section, _standard) = (new SecurityRuleSection(number, title, safeguard), null);

        public void Standard(string citation, string title)
        {
            Entries.Add(new SecurityRuleEntry(citation, title, SecurityRuleEntryKind.Standard, ImplementationRequirement.Required, _section!, null));
            _standard = citation;
        }

        public void Spec(string citation, string title, ImplementationRequirement requirement) =>
            Entries.Add(new SecurityRuleEntry(citation, title, SecurityRuleEntryKind.ImplementationSpecification, requirement, _section!, _standard!));
    }
}
