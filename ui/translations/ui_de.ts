<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name />
    <message>
        <location filename="../widgets/scan_viewer.py" line="187" />
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="188" />
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="189" />
        <source>Fit scan to window</source>
        <translation>Scan einpassen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="190" />
        <source>Actual size (1:1)</source>
        <translation>Originalgröße (1:1)</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="191" />
        <source>Magnifier</source>
        <translation>Lupe</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="192" />
        <source>Measure distance</source>
        <translation>Abstand messen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="193" />
        <source>Next image view</source>
        <translation>Nächste Bildansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="194" />
        <source>Grey view</source>
        <translation>Graustufenansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="195" />
        <source>Material colour view</source>
        <translation>Materialfarben-Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="197" />
        <source>Organic stripping</source>
        <translation>Organisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="199" />
        <source>Inorganic stripping</source>
        <translation>Anorganisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="201" />
        <source>Edge enhancement</source>
        <translation>Kantenverstärkung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="203" />
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="204" />
        <source>High penetration</source>
        <translation>Hohe Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="206" />
        <source>Low penetration</source>
        <translation>Niedrige Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="208" />
        <source>Gamma up</source>
        <translation>Gamma erhöhen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="209" />
        <source>Gamma down</source>
        <translation>Gamma verringern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="211" />
        <source>Window level up</source>
        <translation>Fenstermitte erhöhen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="213" />
        <source>Window level down</source>
        <translation>Fenstermitte verringern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="215" />
        <source>Reset view and window</source>
        <translation>Ansicht und Fenster zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="217" />
        <source>Next finding</source>
        <translation>Nächster Befund</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="218" />
        <source>Accept finding</source>
        <translation>Befund bestätigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="220" />
        <source>Reject finding</source>
        <translation>Befund verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="222" />
        <source>Show keyboard shortcuts</source>
        <translation>Tastenkürzel anzeigen</translation>
    </message>
</context>
<context>
    <name>AlarmBox</name>
    <message>
        <location filename="../widgets/handheld_panel.py" line="47" />
        <source>Acknowledge alarm</source>
        <translation>Alarm quittieren</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="48" />
        <source>Acknowledge the alarm (Ctrl+K)</source>
        <translation>Alarm quittieren (Strg+K)</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="58" />
        <source>ALARM from %1: %2</source>
        <translation>ALARM von %1: %2</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../widgets/device_status.py" line="120" />
        <location filename="../widgets/device_status.py" line="121" />
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="139" />
        <source>DEVICE LOST: %1 (%2). Work continues without it; it reconnects by itself. %3</source>
        <translation>GERÄT GETRENNT: %1 (%2). Die Arbeit geht ohne es weiter; es verbindet sich selbst neu. %3</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="148" />
        <source>Device back: %1 is connected again.</source>
        <translation>Gerät zurück: %1 ist wieder verbunden.</translation>
    </message>
</context>
<context>
    <name>CameraPanel</name>
    <message>
        <location filename="../widgets/camera_panel.py" line="45" />
        <source>No camera frame yet</source>
        <translation>Noch kein Kamerabild</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="49" />
        <source>Latest camera frame</source>
        <translation>Letztes Kamerabild</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="51" />
        <source>Type the plate or container code</source>
        <translation>Kennzeichen oder Containernummer eingeben</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="52" />
        <source>Plate or container code</source>
        <translation>Kennzeichen oder Containernummer</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="53" />
        <source>Correct the reading by hand (Ctrl+L)</source>
        <translation>Lesung von Hand korrigieren (Strg+L)</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="56" />
        <location filename="../widgets/camera_panel.py" line="117" />
        <source>No referral matched</source>
        <translation>Keine Kontrollanordnung zugeordnet</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="58" />
        <source>Confirm and open control</source>
        <translation>Bestätigen und Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="59" />
        <source>Open the control for this vehicle (Ctrl+Shift+M)</source>
        <translation>Kontrolle für dieses Fahrzeug eröffnen (Strg+Umschalt+M)</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="64" />
        <source>Arriving vehicle</source>
        <translation>Ankommendes Fahrzeug</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="67" />
        <source>Reading</source>
        <translation>Lesung</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="68" />
        <source>Confidence</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="69" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="94" />
        <source>check digit FAILS</source>
        <translation>Prüfziffer FALSCH</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="96" />
        <source>LOW, check by eye</source>
        <translation>NIEDRIG, bitte selbst prüfen</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="105" />
        <source>No referral matched: confirm opens a random control</source>
        <translation>Keine Kontrollanordnung: Bestätigen eröffnet eine Zufallskontrolle</translation>
    </message>
</context>
<context>
    <name>DeviceBadge</name>
    <message>
        <location filename="../widgets/device_status.py" line="51" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="52" />
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="53" />
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="54" />
        <source>DISCONNECTED</source>
        <translation>GETRENNT</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="55" />
        <source>disabled</source>
        <translation>abgeschaltet</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <location filename="../widgets/device_status.py" line="84" />
        <source>No devices configured</source>
        <translation>Keine Geräte konfiguriert</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../login.py" line="64" />
        <source>Create the first administrator</source>
        <translation>Ersten Administrator anlegen</translation>
    </message>
    <message>
        <location filename="../login.py" line="66" />
        <source>No user exists yet. Create the administrator account; it can then add officers, supervisors and technicians.</source>
        <translation>Noch kein Benutzer vorhanden. Legen Sie das Administratorkonto an; es kann dann Beamte, Vorgesetzte und Techniker hinzufügen.</translation>
    </message>
    <message>
        <location filename="../login.py" line="76" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../login.py" line="77" />
        <source>Full name</source>
        <translation>Vollständiger Name</translation>
    </message>
    <message>
        <location filename="../login.py" line="78" />
        <source>Password (at least 8 characters)</source>
        <translation>Passwort (mindestens 8 Zeichen)</translation>
    </message>
    <message>
        <location filename="../login.py" line="79" />
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <location filename="../login.py" line="88" />
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
</context>
<context>
    <name>HandheldPanel</name>
    <message>
        <location filename="../widgets/handheld_panel.py" line="82" />
        <source>Handheld devices</source>
        <translation>Handmessgeräte</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="87" />
        <source>No handheld device connected</source>
        <translation>Kein Handmessgerät verbunden</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="108" />
        <source>connected, no value yet</source>
        <translation>verbunden, noch kein Messwert</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="109" />
        <source>Live values of %1</source>
        <translation>Aktuelle Werte von %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="110" />
        <source>Take reading</source>
        <translation>Messwert übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="112" />
        <source>Attach a reading of %1 to the control (%2)</source>
        <translation>Einen Messwert von %1 der Kontrolle beifügen (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="114" />
        <source>Take reading with %1</source>
        <translation>Messwert mit %1 aufnehmen</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../shortcuts.py" line="93" />
        <source>Keyboard shortcuts (F1 closes)</source>
        <translation>Tastenkürzel (F1 schließt)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../login.py" line="104" />
        <source>Log in — lane %1</source>
        <translation>Anmelden — Spur %1</translation>
    </message>
    <message>
        <location filename="../login.py" line="112" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../login.py" line="113" />
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../login.py" line="115" />
        <source>Inspection Workstation</source>
        <translation>Kontrollarbeitsplatz</translation>
    </message>
</context>
<context>
    <name>OfficerWindow</name>
    <message>
        <location filename="../windows/officer.py" line="83" />
        <source>Inspection Workstation — lane %1 — %2</source>
        <translation>Kontrollarbeitsplatz — Spur %1 — %2</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="98" />
        <source>Last message</source>
        <translation>Letzte Meldung</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="112" />
        <source>Referral queue</source>
        <translation>Anordnungen (Warteschlange)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="113" />
        <source>Arriving vehicle</source>
        <translation>Ankommendes Fahrzeug</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="115" />
        <source>Handheld devices</source>
        <translation>Handmessgeräte</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="117" />
        <source>Control result</source>
        <translation>Kontrollergebnis</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="141" />
        <source>Scan failed: %1</source>
        <translation>Scan fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="151" />
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="184" />
        <source>&amp;Lane</source>
        <translation>&amp;Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="186" />
        <source>Refresh referral queue</source>
        <translation>Warteschlange aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="187" />
        <source>Start scan</source>
        <translation>Scan starten</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="188" />
        <source>Measure with the RIID</source>
        <translation>Mit dem RIID messen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="189" />
        <source>Correct the plate reading</source>
        <translation>Kennzeichen korrigieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="191" />
        <source>Go to the result form</source>
        <translation>Zum Ergebnisformular</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="196" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="200" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="202" />
        <source>Dark theme</source>
        <translation>Dunkles Farbschema</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="202" />
        <source>Light theme</source>
        <translation>Helles Farbschema</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="209" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="215" />
        <source>Scan image on second screen</source>
        <translation>Scanbild auf zweitem Bildschirm</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="218" />
        <source>Keyboard shortcuts…</source>
        <translation>Tastenkürzel…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="223" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="244" />
        <source>Queue not loaded</source>
        <translation>Warteschlange nicht geladen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="261" />
        <source>Matching failed</source>
        <translation>Zuordnung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="278" />
        <source>Finish the open control first: a control cannot be left without a result.</source>
        <translation>Erst die offene Kontrolle abschließen: keine Kontrolle ohne Ergebnis.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="294" />
        <source>Control not opened</source>
        <translation>Kontrolle nicht eröffnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="309" />
        <source>Control opened for %1</source>
        <translation>Kontrolle eröffnet für %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="321" />
        <source>No scanner is configured: start the scan on the scanner console.</source>
        <translation>Kein Scanner konfiguriert: Scan an der Scannerkonsole starten.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="327" />
        <source>Scan not started: %1</source>
        <translation>Scan nicht gestartet: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="330" />
        <source>Scan requested from %1</source>
        <translation>Scan bei %1 angefordert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="341" />
        <source>No RIID is connected</source>
        <translation>Kein Radionuklid-Identifikator verbunden</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="350" />
        <source>Scan arriving: %1 lines</source>
        <translation>Scan läuft ein: %1 Zeilen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="357" />
        <source>Scan incomplete (%1): it is kept; scan again or continue with what is there.</source>
        <translation>Scan unvollständig (%1): er bleibt erhalten; erneut scannen oder mit dem Vorhandenen weiterarbeiten.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="363" />
        <source>Scan NOT stored</source>
        <translation>Scan NICHT gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="377" />
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="381" />
        <source>Analysis failed</source>
        <translation>Analyse fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="386" />
        <source>No model installed: %1</source>
        <translation>Kein Modell installiert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="387" />
        <source>Scan stored; %1</source>
        <translation>Scan gespeichert; %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="389" />
        <source>Analysed by %1</source>
        <translation>Analysiert mit %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="403" />
        <source>Findings not stored</source>
        <translation>Befunde nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="417" />
        <source>Scan not attached</source>
        <translation>Scan nicht beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="448" />
        <source>Open a control before taking a reading</source>
        <translation>Vor dem Messen eine Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="453" />
        <source>Reading not taken: %1</source>
        <translation>Messwert nicht aufgenommen: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="456" />
        <source>Measuring with %1…</source>
        <translation>Messung mit %1…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="466" />
        <source>Reading not attached</source>
        <translation>Messwert nicht beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="469" />
        <source>Reading of %1 attached to the control</source>
        <translation>Messwert von %1 der Kontrolle beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="492" />
        <source>The result is not complete yet</source>
        <translation>Das Ergebnis ist noch nicht vollständig</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="495" />
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="513" />
        <source>Result saved and control closed</source>
        <translation>Ergebnis gespeichert, Kontrolle abgeschlossen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="520" />
        <source>Result NOT saved: %1</source>
        <translation>Ergebnis NICHT gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="531" />
        <source>Draft not saved</source>
        <translation>Entwurf nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="544" />
        <source>Draft not recovered</source>
        <translation>Entwurf nicht wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="559" />
        <source>Recovered the unfinished result of the control of %1 from the last session. Check it and save it.</source>
        <translation>Das unfertige Ergebnis der Kontrolle von %1 aus der letzten Sitzung wurde wiederhergestellt. Bitte prüfen und speichern.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="574" />
        <source>Scan image</source>
        <translation>Scanbild</translation>
    </message>
</context>
<context>
    <name>PlaceholderWindow</name>
    <message>
        <location filename="../windows/placeholder.py" line="17" />
        <source>Supervisor</source>
        <translation>Vorgesetzte(r)</translation>
    </message>
    <message>
        <location filename="../windows/placeholder.py" line="17" />
        <source>Technician</source>
        <translation>Techniker(in)</translation>
    </message>
    <message>
        <location filename="../windows/placeholder.py" line="18" />
        <source>Inspection Workstation — %1</source>
        <translation>Kontrollarbeitsplatz — %1</translation>
    </message>
    <message>
        <location filename="../windows/placeholder.py" line="21" />
        <source>The %1 view is coming in a later version.

Planned: review and sign-off of controls, performance figures and reports (supervisor); device health, calibration and daily image-quality tests (technician).

Until then use the command line: workstation --help</source>
        <translation>Die Ansicht %1 folgt in einer späteren Version.

Geplant: Prüfung und Freigabe von Kontrollen, Kennzahlen und Berichte (Vorgesetzte); Gerätezustand, Kalibrierung und tägliche Bildqualitätsprüfung (Technik).

Bis dahin über die Kommandozeile: workstation --help</translation>
    </message>
</context>
<context>
    <name>ReferralModel</name>
    <message>
        <location filename="../widgets/referral_queue.py" line="61" />
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="61" />
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="61" />
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="62" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="62" />
        <source>Plate / container</source>
        <translation>Kennzeichen / Container</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="63" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
</context>
<context>
    <name>ReferralQueue</name>
    <message>
        <location filename="../widgets/referral_queue.py" line="148" />
        <location filename="../widgets/referral_queue.py" line="177" />
        <source>Referral queue</source>
        <translation>Anordnungen (Warteschlange)</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="153" />
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="156" />
        <source>Channel filter</source>
        <translation>Kanalfilter</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="158" />
        <source>Search plate, MRN, profile, goods…</source>
        <translation>Kennzeichen, MRN, Profil, Waren suchen…</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="160" />
        <source>Search the queue</source>
        <translation>Warteschlange durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="165" />
        <source>Referral details</source>
        <translation>Einzelheiten der Anordnung</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="167" />
        <source>Open control</source>
        <translation>Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="168" />
        <source>Open a control for the selected referral (Ctrl+O)</source>
        <translation>Kontrolle für die gewählte Anordnung eröffnen (Strg+O)</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="171" />
        <source>Random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="172" />
        <source>Open a control without referral (Ctrl+Shift+O)</source>
        <translation>Kontrolle ohne Anordnung eröffnen (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="219" />
        <source>%1 of %2 referrals shown</source>
        <translation>%1 von %2 Kontrollanordnungen angezeigt</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="231" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="233" />
        <source>Instructions</source>
        <translation>Anweisungen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="235" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
</context>
<context>
    <name>ResultForm</name>
    <message>
        <location filename="../widgets/result_form.py" line="44" />
        <source>No control open</source>
        <translation>Keine Kontrolle offen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="48" />
        <source>Control types performed</source>
        <translation>Durchgeführte Kontrollarten</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="51" />
        <source>Documentary</source>
        <translation>Dokumentenprüfung</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="51" />
        <source>Physical</source>
        <translation>Beschau</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="52" />
        <source>Scan (NII)</source>
        <translation>Scan (NII)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="52" />
        <source>Radiation</source>
        <translation>Strahlung</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="53" />
        <source>Sample</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="61" />
        <location filename="../widgets/result_form.py" line="113" />
        <source>Result code</source>
        <translation>Ergebniscode</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="66" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="67" />
        <source>Time spent in minutes</source>
        <translation>Zeitaufwand in Minuten</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="70" />
        <source>What was found, where, how it was checked…</source>
        <translation>Was wurde wo gefunden, wie geprüft…</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="71" />
        <source>Findings text</source>
        <translation>Text der Feststellungen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="77" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="77" />
        <source>HS code</source>
        <translation>HS-Code</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="77" />
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="77" />
        <location filename="../widgets/result_form.py" line="167" />
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="78" />
        <source>Value (EUR)</source>
        <translation>Wert (EUR)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="83" />
        <location filename="../widgets/result_form.py" line="116" />
        <source>Seizures</source>
        <translation>Beschlagnahmen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="88" />
        <location filename="../widgets/result_form.py" line="89" />
        <source>Add seizure</source>
        <translation>Beschlagnahme hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="93" />
        <location filename="../widgets/result_form.py" line="94" />
        <source>Remove selected seizure</source>
        <translation>Gewählte Beschlagnahme entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="107" />
        <source>Save result and close control</source>
        <translation>Ergebnis speichern und Kontrolle abschließen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="108" />
        <source>Validate and save in one transaction (Ctrl+Return)</source>
        <translation>Prüfen und in einer Transaktion speichern (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="114" />
        <source>Time spent</source>
        <translation>Zeitaufwand</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="115" />
        <source>Findings</source>
        <translation>Feststellungen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="129" />
        <source>— choose a result code —</source>
        <translation>— Ergebniscode wählen —</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="131" />
        <source> (irregularity)</source>
        <translation> (Unregelmäßigkeit)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="139" />
        <source>Control of %1</source>
        <translation>Kontrolle von %1</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="141" />
        <source>referral %1</source>
        <translation>Anordnung %1</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="143" />
        <source>random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
</context>
<context>
    <name>ScanView</name>
    <message>
        <location filename="../widgets/scan_view.py" line="185" />
        <source>Scan image</source>
        <translation>Scanbild</translation>
    </message>
    <message>
        <location filename="../widgets/scan_view.py" line="196" />
        <source>Magnifier</source>
        <translation>Lupe</translation>
    </message>
</context>
<context>
    <name>ScanViewer</name>
    <message>
        <location filename="../widgets/scan_viewer.py" line="93" />
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="93" />
        <source>Material colour</source>
        <translation>Materialfarbe</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="94" />
        <source>Organic stripping</source>
        <translation>Organisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="95" />
        <source>Inorganic stripping</source>
        <translation>Anorganisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="96" />
        <source>Edge enhancement</source>
        <translation>Kantenverstärkung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="96" />
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="97" />
        <source>High penetration</source>
        <translation>Hohe Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="97" />
        <source>Low penetration</source>
        <translation>Niedrige Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="100" />
        <source>Image view</source>
        <translation>Bildansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="102" />
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="103" />
        <source>Window level</source>
        <translation>Fenstermitte</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="104" />
        <source>Window width</source>
        <translation>Fensterbreite</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="106" />
        <source>%p % of lines</source>
        <translation>%p % der Zeilen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="107" />
        <source>Scan progress</source>
        <translation>Scanfortschritt</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="109" />
        <location filename="../widgets/scan_viewer.py" line="363" />
        <source>No scan</source>
        <translation>Kein Scan</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="113" />
        <source>Zoom and measurement</source>
        <translation>Zoom und Messung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="118" />
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="120" />
        <source>γ</source>
        <translation>γ</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="120" />
        <source>Level</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="121" />
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="131" />
        <location filename="../widgets/scan_viewer.py" line="142" />
        <source>Findings to decide</source>
        <translation>Zu entscheidende Befunde</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="133" />
        <source>Accept</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="136" />
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="266" />
        <source>Measured: %1 mm</source>
        <translation>Gemessen: %1 mm</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="269" />
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="290" />
        <source>Scanning…</source>
        <translation>Scan läuft…</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="308" />
        <source>Scan complete</source>
        <translation>Scan vollständig</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="309" />
        <source>Scan INCOMPLETE: %1</source>
        <translation>Scan UNVOLLSTÄNDIG: %1</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="348" />
        <source>Cannot render this view: %1</source>
        <translation>Diese Ansicht kann nicht dargestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="396" />
        <source>accepted</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="396" />
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="397" />
        <source>to decide</source>
        <translation>offen</translation>
    </message>
</context>
<context>
    <name>ShortcutEditor</name>
    <message>
        <location filename="../shortcuts.py" line="134" />
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../shortcuts.py" line="172" />
        <source>%1 is used twice: %2 and %3</source>
        <translation>%1 ist doppelt belegt: %2 und %3</translation>
    </message>
</context>
<context>
    <name>_AsyncDialog</name>
    <message>
        <location filename="../login.py" line="35" />
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../login.py" line="47" />
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
</context>
</TS>