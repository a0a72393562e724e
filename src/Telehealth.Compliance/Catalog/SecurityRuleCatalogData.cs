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
        b.Standard("164.308(a)(1)", "Security management process",
            "Implement policies and procedures to prevent, detect, contain, and correct security violations.");
        b.Spec("164.308(a)(1)(ii)(A)", "Risk analysis", R,
            "Conduct an accurate and thorough assessment of the potential risks and vulnerabilities to the confidentiality, integrity, and availability of electronic protected health information held by the covered entity or business associate.");
        b.Spec("164.308(a)(1)(ii)(B)", "Risk management", R,
            "Implement security measures sufficient to reduce risks and vulnerabilities to a reasonable and appropriate level to comply with 164.306(a).");
        b.Spec("164.308(a)(1)(ii)(C)", "Sanction policy", R,
            "Apply appropriate sanctions against workforce members who fail to comply with the security policies and procedures of the covered entity or business associate.");
        b.Spec("164.308(a)(1)(ii)(D)", "Information system activity review", R,
            "Implement procedures to regularly review records of information system activity, such as audit logs, access reports, and security incident tracking reports.");
        b.Standard("164.308(a)(2)", "Assigned security responsibility",
            "Identify the security official who is responsible for the development and implementation of the policies and procedures required by this subpart for the covered entity or business associate.");
        b.Standard("164.308(a)(3)", "Workforce security",
            "Implement policies and procedures to ensure that all members of the workforce have appropriate access to electronic protected health information, as provided under 164.308(a)(4), and to prevent those workforce members who do not have access under 164.308(a)(4) from obtaining access to it.");
        b.Spec("164.308(a)(3)(ii)(A)", "Authorization and/or supervision", A,
            "Implement procedures for the authorization and/or supervision of workforce members who work with electronic protected health information or in locations where it might be accessed.");
        b.Spec("164.308(a)(3)(ii)(B)", "Workforce clearance procedure", A,
            "Implement procedures to determine that the access of a workforce member to electronic protected health information is appropriate.");
        b.Spec("164.308(a)(3)(ii)(C)", "Termination procedures", A,
            "Implement procedures for terminating access to electronic protected health information when the employment of, or other arrangement with, a workforce member ends or as required by determinations made under 164.308(a)(3)(ii)(B).");
        b.Standard("164.308(a)(4)", "Information access management",
            "Implement policies and procedures for authorizing access to electronic protected health information that are consistent with the applicable requirements of Subpart E.");
        b.Spec("164.308(a)(4)(ii)(A)", "Isolating health care clearinghouse functions", R,
            "If a health care clearinghouse is part of a larger organization, the clearinghouse must implement policies and procedures that protect its electronic protected health information from unauthorized access by the larger organization.");
        b.Spec("164.308(a)(4)(ii)(B)", "Access authorization", A,
            "Implement policies and procedures for granting access to electronic protected health information, for example, through access to a workstation, transaction, program, process, or other mechanism.");
        b.Spec("164.308(a)(4)(ii)(C)", "Access establishment and modification", A,
            "Implement policies and procedures that, based upon the access authorization policies, establish, document, review, and modify a user's right of access to a workstation, transaction, program, or process.");
        b.Standard("164.308(a)(5)", "Security awareness and training",
            "Implement a security awareness and training program for all members of the workforce (including management).");
        b.Spec("164.308(a)(5)(ii)(A)", "Security reminders", A,
            "Periodic security updates.");
        b.Spec("164.308(a)(5)(ii)(B)", "Protection from malicious software", A,
            "Procedures for guarding against, detecting, and reporting malicious software.");
        b.Spec("164.308(a)(5)(ii)(C)", "Log-in monitoring", A,
            "Procedures for monitoring log-in attempts and reporting discrepancies.");
        b.Spec("164.308(a)(5)(ii)(D)", "Password management", A,
            "Procedures for creating, changing, and safeguarding passwords.");
        b.Standard("164.308(a)(6)", "Security incident procedures",
            "Implement policies and procedures to address security incidents.");
        b.Spec("164.308(a)(6)(ii)", "Response and reporting", R,
            "Identify and respond to suspected or known security incidents; mitigate, to the extent practicable, harmful effects of security incidents that are known; and document security incidents and their outcomes.");
        b.Standard("164.308(a)(7)", "Contingency plan",
            "Establish (and implement as needed) policies and procedures for responding to an emergency or other occurrence (for example, fire, vandalism, system failure, and natural disaster) that damages systems that contain electronic protected health information.");
        b.Spec("164.308(a)(7)(ii)(A)", "Data backup plan", R,
            "Establish and implement procedures to create and maintain retrievable exact copies of electronic protected health information.");
        b.Spec("164.308(a)(7)(ii)(B)", "Disaster recovery plan", R,
            "Establish (and implement as needed) procedures to restore any loss of data.");
        b.Spec("164.308(a)(7)(ii)(C)", "Emergency mode operation plan", R,
            "Establish (and implement as needed) procedures to enable continuation of critical business processes for protection of the security of electronic protected health information while operating in emergency mode.");
        b.Spec("164.308(a)(7)(ii)(D)", "Testing and revision procedures", A,
            "Implement procedures for periodic testing and revision of contingency plans.");
        b.Spec("164.308(a)(7)(ii)(E)", "Applications and data criticality analysis", A,
            "Assess the relative criticality of specific applications and data in support of other contingency plan components.");
        b.Standard("164.308(a)(8)", "Evaluation",
            "Perform a periodic technical and nontechnical evaluation, based initially upon the standards implemented under this rule and subsequently in response to environmental or operational changes affecting the security of electronic protected health information, that establishes the extent to which the security policies and procedures meet the requirements of this subpart.");
        b.Standard("164.308(b)(1)", "Business associate contracts and other arrangements",
            "A covered entity may permit a business associate to create, receive, maintain, or transmit electronic protected health information on its behalf only if it obtains satisfactory assurances, in accordance with 164.314(a), that the business associate will appropriately safeguard the information; a business associate may permit a subcontractor to do so only if it obtains the same assurances from the subcontractor (164.308(b)(2)).");
        b.Spec("164.308(b)(3)", "Written contract or other arrangement", R,
            "Document the satisfactory assurances required by 164.308(b)(1) or (b)(2) through a written contract or other arrangement with the business associate that meets the applicable requirements of 164.314(a).");

        b.Section("164.310", "Physical safeguards", SafeguardCategory.Physical);
        b.Standard("164.310(a)(1)", "Facility access controls",
            "Implement policies and procedures to limit physical access to electronic information systems and the facility or facilities in which they are housed, while ensuring that properly authorized access is allowed.");
        b.Spec("164.310(a)(2)(i)", "Contingency operations", A,
            "Establish (and implement as needed) procedures that allow facility access in support of restoration of lost data under the disaster recovery plan and emergency mode operations plan in the event of an emergency.");
        b.Spec("164.310(a)(2)(ii)", "Facility security plan", A,
            "Implement policies and procedures to safeguard the facility and the equipment therein from unauthorized physical access, tampering, and theft.");
        b.Spec("164.310(a)(2)(iii)", "Access control and validation procedures", A,
            "Implement procedures to control and validate a person's access to facilities based on their role or function, including visitor control, and control of access to software programs for testing and revision.");
        b.Spec("164.310(a)(2)(iv)", "Maintenance records", A,
            "Implement policies and procedures to document repairs and modifications to the physical components of a facility which are related to security (for example, hardware, walls, doors, and locks).");
        b.Standard("164.310(b)", "Workstation use",
            "Implement policies and procedures that specify the proper functions to be performed, the manner in which those functions are to be performed, and the physical attributes of the surroundings of a specific workstation or class of workstation that can access electronic protected health information.");
        b.Standard("164.310(c)", "Workstation security",
            "Implement physical safeguards for all workstations that access electronic protected health information, to restrict access to authorized users.");
        b.Standard("164.310(d)(1)", "Device and media controls",
            "Implement policies and procedures that govern the receipt and removal of hardware and electronic media that contain electronic protected health information into and out of a facility, and the movement of these items within the facility.");
        b.Spec("164.310(d)(2)(i)", "Disposal", R,
            "Implement policies and procedures to address the final disposition of electronic protected health information, and/or the hardware or electronic media on which it is stored.");
        b.Spec("164.310(d)(2)(ii)", "Media re-use", R,
            "Implement procedures for removal of electronic protected health information from electronic media before the media are made available for re-use.");
        b.Spec("164.310(d)(2)(iii)", "Accountability", A,
            "Maintain a record of the movements of hardware and electronic media and any person responsible therefore.");
        b.Spec("164.310(d)(2)(iv)", "Data backup and storage", A,
            "Create a retrievable, exact copy of electronic protected health information, when needed, before movement of equipment.");

        b.Section("164.312", "Technical safeguards", SafeguardCategory.Technical);
        b.Standard("164.312(a)(1)", "Access control",
            "Implement technical policies and procedures for electronic information systems that maintain electronic protected health information to allow access only to those persons or software programs that have been granted access rights as specified in 164.308(a)(4).");
        b.Spec("164.312(a)(2)(i)", "Unique user identification", R,
            "Assign a unique name and/or number for identifying and tracking user identity.");
        b.Spec("164.312(a)(2)(ii)", "Emergency access procedure", R,
            "Establish (and implement as needed) procedures for obtaining necessary electronic protected health information during an emergency.");
        b.Spec("164.312(a)(2)(iii)", "Automatic logoff", A,
            "Implement electronic procedures that terminate an electronic session after a predetermined time of inactivity.");
        b.Spec("164.312(a)(2)(iv)", "Encryption and decryption", A,
            "Implement a mechanism to encrypt and decrypt electronic protected health information.");
        b.Standard("164.312(b)", "Audit controls",
            "Implement hardware, software, and/or procedural mechanisms that record and examine activity in information systems that contain or use electronic protected health information.");
        b.Standard("164.312(c)(1)", "Integrity",
            "Implement policies and procedures to protect electronic protected health information from improper alteration or destruction.");
        b.Spec("164.312(c)(2)", "Mechanism to authenticate electronic protected health information", A,
            "Implement electronic mechanisms to corroborate that electronic protected health information has not been altered or destroyed in an unauthorized manner.");
        b.Standard("164.312(d)", "Person or entity authentication",
            "Implement procedures to verify that a person or entity seeking access to electronic protected health information is the one claimed.");
        b.Standard("164.312(e)(1)", "Transmission security",
            "Implement technical security measures to guard against unauthorized access to electronic protected health information that is being transmitted over an electronic communications network.");
        b.Spec("164.312(e)(2)(i)", "Integrity controls", A,
            "Implement security measures to ensure that electronically transmitted electronic protected health information is not improperly modified without detection until disposed of.");
        b.Spec("164.312(e)(2)(ii)", "Encryption", A,
            "Implement a mechanism to encrypt electronic protected health information whenever deemed appropriate.");

        b.Section("164.314", "Organizational requirements", SafeguardCategory.Organizational);
        b.Standard("164.314(a)(1)", "Business associate contracts or other arrangements",
            "The contract or other arrangement required by 164.308(b)(3) must meet the requirements of 164.314(a)(2)(i), (a)(2)(ii), or (a)(2)(iii), as applicable.");

        // (a)(2) is one specification here; its sub-items (i) Business associate contracts, (ii) Other
        // arrangements and (iii) Business associate contracts with subcontractors are its content, not entries.
        b.Spec("164.314(a)(2)", "Business associate contracts", R,
            "A business associate contract must provide that the business associate will comply with the applicable requirements of this subpart; ensure that any subcontractors that create, receive, maintain, or transmit electronic protected health information on its behalf agree to comply with them through a contract or other arrangement that complies with this section; and report to the covered entity any security incident of which it becomes aware, including breaches of unsecured protected health information as required by 164.410. Other arrangements (164.314(a)(2)(ii)) and contracts between a business associate and a subcontractor (164.314(a)(2)(iii)) meet the same requirements.");
        b.Standard("164.314(b)(1)", "Requirements for group health plans",
            "Except when the only electronic protected health information disclosed to a plan sponsor is disclosed under 164.504(f)(1)(ii) or (iii), or as authorized under 164.508, a group health plan must ensure that its plan documents provide that the plan sponsor will reasonably and appropriately safeguard electronic protected health information created, received, maintained, or transmitted to or by the plan sponsor on behalf of the group health plan.");

        // (b)(2) has no heading of its own: it lists what the plan documents must require of the plan sponsor.
        b.Spec("164.314(b)(2)", "Group health plan requirements", R,
            "The plan documents must require the plan sponsor to implement administrative, physical, and technical safeguards that reasonably and appropriately protect the electronic protected health information it handles on behalf of the plan; ensure that the adequate separation required by 164.504(f)(2)(iii) is supported by reasonable and appropriate security measures; ensure that any agent to whom it provides this information agrees to implement reasonable and appropriate security measures; and report to the group health plan any security incident of which it becomes aware.");

        b.Section("164.316", "Policies and procedures and documentation requirements", SafeguardCategory.PoliciesProceduresAndDocumentation);
        b.Standard("164.316(a)", "Policies and procedures",
            "Implement reasonable and appropriate policies and procedures to comply with the standards, implementation specifications, or other requirements of this subpart, taking into account the factors of 164.306(b)(2)(i) to (iv); policies and procedures may be changed at any time, provided that the changes are documented and implemented in accordance with this subpart.");
        b.Standard("164.316(b)(1)", "Documentation",
            "Maintain the policies and procedures implemented to comply with this subpart in written (which may be electronic) form; and if an action, activity or assessment is required by this subpart to be documented, maintain a written (which may be electronic) record of the action, activity, or assessment.");
        b.Spec("164.316(b)(2)(i)", "Time limit", R,
            "Retain the documentation required by 164.316(b)(1) for 6 years from the date of its creation or the date when it last was in effect, whichever is later.");
        b.Spec("164.316(b)(2)(ii)", "Availability", R,
            "Make documentation available to those persons responsible for implementing the procedures to which the documentation pertains.");
        b.Spec("164.316(b)(2)(iii)", "Updates", R,
            "Review documentation periodically, and update as needed, in response to environmental or operational changes affecting the security of the electronic protected health information.");

        return b.Entries;
    }

    /// <summary>
    /// The sections of Subpart D (Notification in the case of breach of unsecured protected health information) that set
    /// who is notified and when, as in force since the Omnibus Rule (78 FR 5566, January 25, 2013).
    /// </summary>
    public static IReadOnlyList<BreachNotificationRequirement> Omnibus2013BreachNotification() =>
    [
        new("164.404", "Notification to individuals",
            "Following the discovery of a breach of unsecured protected health information, notify each individual whose unsecured protected health information has been, or is reasonably believed to have been, accessed, acquired, used, or disclosed as a result of the breach, without unreasonable delay and in no case later than 60 calendar days after discovery. Where contact information is insufficient or out of date for 10 or more individuals, give substitute notice by a conspicuous posting for 90 days on the home page of the web site or by conspicuous notice in major print or broadcast media, with a toll-free number that remains active for at least 90 days."),
        new("164.406", "Notification to the media",
            "For a breach of unsecured protected health information involving more than 500 residents of a State or jurisdiction, notify prominent media outlets serving the State or jurisdiction without unreasonable delay and in no case later than 60 calendar days after discovery of the breach."),
        new("164.408", "Notification to the Secretary",
            "Notify the Secretary of a breach of unsecured protected health information: for a breach involving 500 or more individuals, contemporaneously with the notice to individuals; for breaches involving fewer than 500 individuals, by maintaining a log or other documentation of them and, not later than 60 days after the end of each calendar year, notifying the Secretary of the breaches discovered during the preceding calendar year."),
        new("164.410", "Notification by a business associate",
            "Following the discovery of a breach of unsecured protected health information, a business associate notifies the covered entity without unreasonable delay and in no case later than 60 calendar days after discovery, identifying, to the extent possible, each individual affected."),
        new("164.412", "Law enforcement delay",
            "If a law enforcement official states that a notification, notice, or posting would impede a criminal investigation or cause damage to national security, delay it for the time period the official specifies in a written statement; for an oral statement, document it with the identity of the official and delay temporarily and no longer than 30 days from the date of the statement, unless a written statement is submitted during that time."),
    ];

    private sealed class Builder
    {
        private SecurityRuleSection? _section;
        private string? _standard;

        public List<SecurityRuleEntry> Entries { get; } = [];

        public void Section(string number, string title, SafeguardCategory safeguard) =>
            (_section, _standard) = (new SecurityRuleSection(number, title, safeguard), null);

        public void Standard(string citation, string title, string statement)
        {
            Entries.Add(new SecurityRuleEntry(citation, title, statement, SecurityRuleEntryKind.Standard, ImplementationRequirement.Required, _section!, null));
            _standard = citation;
        }

        public void Spec(string citation, string title, ImplementationRequirement requirement, string statement) =>
            Entries.Add(new SecurityRuleEntry(citation, title, statement, SecurityRuleEntryKind.ImplementationSpecification, requirement, _section!, _standard!));
    }
}
