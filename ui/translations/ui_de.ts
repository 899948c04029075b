<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../windows/office.py" line="80" />
        <source>Administrator</source>
        <translation>Administration</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="81" />
        <source>Users and roles</source>
        <translation>Benutzer und Rollen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="83" />
        <location filename="../windows/office.py" line="97" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="83" />
        <location filename="../windows/office.py" line="98" />
        <source>Full name</source>
        <translation>Vollständiger Name</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="83" />
        <location filename="../windows/office.py" line="99" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="84" />
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="94" />
        <source>Add user</source>
        <translation>Benutzer anlegen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="100" />
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="101" />
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="120" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="120" />
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="126" />
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="133" />
        <source>User %1 added</source>
        <translation>Benutzer %1 angelegt</translation>
    </message>
</context>
<context>
    <name>AlarmBox</name>
    <message>
        <location filename="../widgets/handheld_panel.py" line="63" />
        <source>Acknowledge alarm</source>
        <translation>Alarm quittieren</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="64" />
        <source>Acknowledge the alarm (Ctrl+K)</source>
        <translation>Alarm quittieren (Strg+K)</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="81" />
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
        <location filename="../widgets/camera_panel.py" line="48" />
        <source>No camera frame yet</source>
        <translation>Noch kein Kamerabild</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="52" />
        <source>Latest camera frame</source>
        <translation>Letztes Kamerabild</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="54" />
        <source>Type the plate or container code</source>
        <translation>Kennzeichen oder Containernummer eingeben</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="55" />
        <source>Plate or container code</source>
        <translation>Kennzeichen oder Containernummer</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="56" />
        <source>Correct the reading by hand (Ctrl+L)</source>
        <translation>Lesung von Hand korrigieren (Strg+L)</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="63" />
        <source>Frame the reading was made on</source>
        <translation>Bild, auf dem gelesen wurde</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="64" />
        <source>The camera frame this reading was made on</source>
        <translation>Das Kamerabild, auf dem diese Erkennung gemacht wurde</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="66" />
        <source>Container codes read on the frame</source>
        <translation>Auf dem Bild gelesene Containernummern</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="67" />
        <location filename="../widgets/camera_panel.py" line="168" />
        <source>No referral matched</source>
        <translation>Keine Kontrollanordnung zugeordnet</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="69" />
        <source>Confirm and open control</source>
        <translation>Bestätigen und Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="70" />
        <source>Open the control for this vehicle (Ctrl+Shift+M)</source>
        <translation>Kontrolle für dieses Fahrzeug eröffnen (Strg+Umschalt+M)</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="75" />
        <source>Arriving vehicle</source>
        <translation>Ankommendes Fahrzeug</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="78" />
        <source>Reading</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="79" />
        <source>Confidence</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="80" />
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="81" />
        <source>Read on</source>
        <translation>Gelesen auf</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="82" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="122" />
        <source>camera reads %1; your typed text is kept</source>
        <translation>Kamera liest %1; Ihre Eingabe bleibt erhalten</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="132" />
        <source>check digit FAILS</source>
        <translation>Prüfziffer FALSCH</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="136" />
        <source>LOW, check by eye</source>
        <translation>NIEDRIG, bitte selbst prüfen</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="148" />
        <source>(no frame kept)</source>
        <translation>(kein Bild gespeichert)</translation>
    </message>
    <message>
        <location filename="../widgets/camera_panel.py" line="153" />
        <source>No referral matched: confirm opens a random control</source>
        <translation>Keine Kontrollanordnung: Bestätigen eröffnet eine Zufallskontrolle</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <location filename="../widgets/referral_queue.py" line="45" />
        <source>RED</source>
        <translation>ROT</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="46" />
        <source>YELLOW</source>
        <translation>GELB</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="47" />
        <source>GREEN</source>
        <translation>GRÜN</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="48" />
        <source>BLUE</source>
        <translation>BLAU</translation>
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
        <location filename="../login.py" line="65" />
        <source>Create the first administrator</source>
        <translation>Ersten Administrator anlegen</translation>
    </message>
    <message>
        <location filename="../login.py" line="67" />
        <source>No user exists yet. Create the administrator account; it can then add officers, supervisors and technicians.</source>
        <translation>Noch kein Benutzer vorhanden. Legen Sie das Administratorkonto an; es kann dann Beamte, Vorgesetzte und Techniker hinzufügen.</translation>
    </message>
    <message>
        <location filename="../login.py" line="77" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../login.py" line="78" />
        <source>Full name</source>
        <translation>Vollständiger Name</translation>
    </message>
    <message>
        <location filename="../login.py" line="79" />
        <source>Password (at least 8 characters)</source>
        <translation>Passwort (mindestens 8 Zeichen)</translation>
    </message>
    <message>
        <location filename="../login.py" line="80" />
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <location filename="../login.py" line="89" />
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
</context>
<context>
    <name>HandheldPanel</name>
    <message>
        <location filename="../widgets/handheld_panel.py" line="123" />
        <source>Handheld devices</source>
        <translation>Handmessgeräte</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="129" />
        <source>No handheld device connected</source>
        <translation>Kein Handmessgerät verbunden</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="155" />
        <location filename="../widgets/handheld_panel.py" line="220" />
        <source>connected, no value yet</source>
        <translation>verbunden, noch kein Messwert</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="161" />
        <source>Live values of %1</source>
        <translation>Aktuelle Werte von %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="162" />
        <source>Take reading</source>
        <translation>Messwert übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="164" />
        <source>Attach a reading of %1 to the control (%2)</source>
        <translation>Einen Messwert von %1 der Kontrolle beifügen (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="166" />
        <source>Take reading with %1</source>
        <translation>Messwert mit %1 aufnehmen</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="178" />
        <source>taking a reading</source>
        <translation>Messung läuft</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="187" />
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="196" />
        <source>No reading: %1</source>
        <translation>Kein Messwert: %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="202" />
        <source>The device answered without any value</source>
        <translation>Das Gerät hat ohne Messwert geantwortet</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../shortcuts.py" line="107" />
        <source>Keyboard shortcuts (F1 closes)</source>
        <translation>Tastenkürzel (F1 schließt)</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../idle_lock.py" line="86" />
        <source>Locked — lane %1</source>
        <translation>Gesperrt — Kontrollspur %1</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="89" />
        <source>Log out (another officer)</source>
        <translation>Abmelden (andere Beamtin / anderer Beamter)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../login.py" line="105" />
        <source>Log in — lane %1</source>
        <translation>Anmelden — Spur %1</translation>
    </message>
    <message>
        <location filename="../login.py" line="113" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../login.py" line="114" />
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../login.py" line="116" />
        <source>Inspection Workstation</source>
        <translation>Kontrollarbeitsplatz</translation>
    </message>
</context>
<context>
    <name>OfficerWindow</name>
    <message>
        <location filename="../windows/officer.py" line="112" />
        <source>Inspection Workstation — lane %1 — %2</source>
        <translation>Kontrollarbeitsplatz — Spur %1 — %2</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="127" />
        <source>Last message</source>
        <translation>Letzte Meldung</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="155" />
        <source>Referral queue</source>
        <translation>Anordnungen (Warteschlange)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="156" />
        <source>Arriving vehicle</source>
        <translation>Ankommendes Fahrzeug</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="158" />
        <source>Handheld devices</source>
        <translation>Handmessgeräte</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="175" />
        <source>Control result</source>
        <translation>Kontrollergebnis</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="206" />
        <source>Scan failed: %1</source>
        <translation>Scan fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="259" />
        <source>&amp;Lane</source>
        <translation>&amp;Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="261" />
        <source>Refresh referral queue</source>
        <translation>Warteschlange aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="134" />
        <location filename="../windows/officer.py" line="262" />
        <source>Start scan</source>
        <translation>Scan starten</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="136" />
        <source>Scan the vehicle in the tunnel (Ctrl+Shift+S)</source>
        <translation>Das Fahrzeug im Tunnel durchleuchten (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="138" />
        <source>Image only</source>
        <translation>Nur Bild</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="140" />
        <source>Hide the side panels to give the scan the whole window (Ctrl+Shift+F)</source>
        <translation>Seitenbereiche ausblenden, damit das Bild das ganze Fenster füllt (Strg+Umschalt+F)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="164" />
        <source>The open control's referral</source>
        <translation>Kontrollanordnung der offenen Kontrolle</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="167" />
        <source>Readings attached to the control</source>
        <translation>Der Kontrolle beigefügte Messungen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="263" />
        <source>Measure with the RIID</source>
        <translation>Mit dem RIID messen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="264" />
        <source>Correct the plate reading</source>
        <translation>Kennzeichen korrigieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="266" />
        <source>Hand over the open control…</source>
        <translation>Offene Kontrolle übergeben…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="268" />
        <source>Open a portal-monitor file…</source>
        <translation>Portalmonitor-Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="270" />
        <source>Go to the result form</source>
        <translation>Zum Ergebnisformular</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="275" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="279" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="281" />
        <source>Dark theme</source>
        <translation>Dunkles Farbschema</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="281" />
        <source>Light theme</source>
        <translation>Helles Farbschema</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="288" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="294" />
        <source>Scan image on second screen</source>
        <translation>Scanbild auf zweitem Bildschirm</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="297" />
        <source>Image only (hide the side panels)</source>
        <translation>Nur Bild (Seitenbereiche ausblenden)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="300" />
        <source>Keyboard shortcuts…</source>
        <translation>Tastenkürzel…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="305" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="320" />
        <source>Queue not loaded</source>
        <translation>Warteschlange nicht geladen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="320" />
        <source>Matching failed</source>
        <translation>Zuordnung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="324" />
        <source>Reading not taken</source>
        <translation>Messung nicht durchgeführt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="325" />
        <source>Scan not started</source>
        <translation>Durchleuchtung nicht gestartet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="328" />
        <source>Decision not kept</source>
        <translation>Entscheidung nicht übernommen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="329" />
        <source>Calibration not recorded</source>
        <translation>Kalibrierung nicht aufgezeichnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="330" />
        <source>Scan not shown</source>
        <translation>Bild nicht angezeigt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="331" />
        <source>Acknowledgement not recorded</source>
        <translation>Quittierung nicht aufgezeichnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="332" />
        <source>Control not handed over</source>
        <translation>Kontrolle nicht übergeben</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="333" />
        <source>Control not taken up</source>
        <translation>Kontrolle nicht übernommen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="338" />
        <source>Finish the open control first: a control cannot be left without a result.</source>
        <translation>Erst die offene Kontrolle abschließen: keine Kontrolle ohne Ergebnis.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="321" />
        <source>Control not opened</source>
        <translation>Kontrolle nicht eröffnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="549" />
        <source>Control opened for %1</source>
        <translation>Kontrolle eröffnet für %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="340" />
        <source>No scanner is configured: start the scan on the scanner console.</source>
        <translation>Kein Scanner konfiguriert: Scan an der Scannerkonsole starten.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="342" />
        <source>Scan requested from %1</source>
        <translation>Scan bei %1 angefordert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="344" />
        <source>No RIID is connected</source>
        <translation>Kein Radionuklid-Identifikator verbunden</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="568" />
        <source>Scan arriving: %1 lines</source>
        <translation>Scan läuft ein: %1 Zeilen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="574" />
        <source>Scan incomplete (%1): it is kept; scan again or continue with what is there.</source>
        <translation>Scan unvollständig (%1): er bleibt erhalten; erneut scannen oder mit dem Vorhandenen weiterarbeiten.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="322" />
        <source>Scan NOT stored</source>
        <translation>Scan NICHT gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="463" />
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="322" />
        <source>Analysis failed</source>
        <translation>Analyse fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="585" />
        <source>No model installed: %1</source>
        <translation>Kein Modell installiert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="587" />
        <source>Scan stored; %1</source>
        <translation>Scan gespeichert; %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="589" />
        <source>Analysed by %1</source>
        <translation>Analysiert mit %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="343" />
        <source>Open a control before taking a reading</source>
        <translation>Vor dem Messen eine Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="345" />
        <source>Measuring with %1…</source>
        <translation>Messung mit %1…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="323" />
        <source>Reading not attached</source>
        <translation>Messwert nicht beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="346" />
        <source>Detector of %1 calibrated (recorded)</source>
        <translation>Detektor von %1 kalibriert (aufgezeichnet)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="391" />
        <source>&lt;b&gt;Random control&lt;/b&gt; (no referral)</source>
        <translation>&lt;b&gt;Zufallskontrolle&lt;/b&gt; (ohne Kontrollanordnung)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="394" />
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="394" />
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="394" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="404" />
        <source>No handheld reading attached yet</source>
        <translation>Noch keine Handmessung beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="413" />
        <source>Readings attached:</source>
        <translation>Beigefügte Messungen:</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="458" />
        <source>Scan stored</source>
        <translation>Bild gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="459" />
        <source>Incomplete scan stored: %1</source>
        <translation>Unvollständiges Bild gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="478" />
        <source>Reading of %1 attached to the control</source>
        <translation>Messwert von %1 der Kontrolle beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="492" />
        <location filename="../windows/officer.py" line="654" />
        <source>The result is not complete yet</source>
        <translation>Das Ergebnis ist noch nicht vollständig</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="497" />
        <source>Control handed over to %1 (recorded)</source>
        <translation>Kontrolle an %1 übergeben (aufgezeichnet)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="581" />
        <source>Models refused: %1</source>
        <translation>Modelle abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="582" />
        <source>Scan stored, NOT analysed; %1</source>
        <translation>Bild gespeichert, NICHT ausgewertet; %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="605" />
        <source>Save result and close control</source>
        <translation>Ergebnis speichern und Kontrolle abschließen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="607" />
        <source>Acknowledge alarm</source>
        <translation>Alarm quittieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="608" />
        <source>Open a control for the selected referral</source>
        <translation>Kontrolle für die gewählte Kontrollanordnung eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="610" />
        <source>Open a random control</source>
        <translation>Zufallskontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="612" />
        <source>Confirm the vehicle and open its control</source>
        <translation>Fahrzeug bestätigen und Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="624" />
        <source>Take a reading with %1</source>
        <translation>Messung mit %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="657" />
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="673" />
        <source>Result saved and control closed</source>
        <translation>Ergebnis gespeichert, Kontrolle abgeschlossen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="508" />
        <source>Result NOT saved: %1</source>
        <translation>Ergebnis NICHT gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="326" />
        <source>Draft not saved</source>
        <translation>Entwurf nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="327" />
        <source>Draft not recovered</source>
        <translation>Entwurf nicht wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="437" />
        <source>Recovered the unfinished result of the control of %1 from the last session. Check it and save it.</source>
        <translation>Das unfertige Ergebnis der Kontrolle von %1 aus der letzten Sitzung wurde wiederhergestellt. Bitte prüfen und speichern.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="679" />
        <source>Portal-monitor file</source>
        <translation>Portalmonitor-Datei</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="680" />
        <source>N42 files (*.n42 *.xml)</source>
        <translation>N42-Dateien (*.n42 *.xml)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="686" />
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="690" />
        <source>%1 not read: %2</source>
        <translation>%1 nicht gelesen: %2</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="696" />
        <source>No control is open to hand over</source>
        <translation>Keine offene Kontrolle zum Übergeben</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="706" />
        <source>There is no other officer to hand the control over to</source>
        <translation>Es gibt keine andere Beamtin / keinen anderen Beamten, an die / den die Kontrolle übergeben werden kann</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="708" />
        <source>Hand over the control</source>
        <translation>Kontrolle übergeben</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="709" />
        <source>Officer who takes over:</source>
        <translation>Übernehmende Beamtin / übernehmender Beamter:</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="739" />
        <source>Scan image</source>
        <translation>Scanbild</translation>
    </message>
</context>
<context>
    <name>PortalProfilePlot</name>
    <message>
        <location filename="../widgets/portal_profile.py" line="32" />
        <source>Gross counts per time slice</source>
        <translation>Bruttozählungen je Zeitabschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/portal_profile.py" line="76" />
        <source>time from the first slice (s)</source>
        <translation>Zeit ab dem ersten Abschnitt (s)</translation>
    </message>
    <message>
        <location filename="../widgets/portal_profile.py" line="78" />
        <source>counts per slice</source>
        <translation>Zählungen je Abschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/portal_profile.py" line="97" />
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
</context>
<context>
    <name>PortalProfileView</name>
    <message>
        <location filename="../widgets/portal_profile.py" line="116" />
        <source>⚠ ALARM: {0}</source>
        <translation>⚠ ALARM: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/portal_profile.py" line="119" />
        <source>No alarm in the file</source>
        <translation>Kein Alarm in der Datei</translation>
    </message>
    <message>
        <location filename="../widgets/portal_profile.py" line="124" />
        <source>unknown instrument</source>
        <translation>unbekanntes Messgerät</translation>
    </message>
    <message>
        <location filename="../widgets/portal_profile.py" line="126" />
        <source>{0}: {1} time slices of {2} detectors ({3} spectra), {4} gamma counts, {5} neutron counts</source>
        <translation>{0}: {1} Zeitabschnitte von {2} Detektoren ({3} Spektren), {4} Gammazählungen, {5} Neutronenzählungen</translation>
    </message>
</context>
<context>
    <name>ReferralModel</name>
    <message>
        <location filename="../widgets/referral_queue.py" line="74" />
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="74" />
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="74" />
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="75" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="75" />
        <source>Plate / container</source>
        <translation>Kennzeichen / Container</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="76" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
</context>
<context>
    <name>ReferralQueue</name>
    <message>
        <location filename="../widgets/referral_queue.py" line="168" />
        <location filename="../widgets/referral_queue.py" line="210" />
        <source>Referral queue</source>
        <translation>Anordnungen (Warteschlange)</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="173" />
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="176" />
        <source>Channel filter</source>
        <translation>Kanalfilter</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="178" />
        <source>Search plate, MRN, profile, goods…</source>
        <translation>Kennzeichen, MRN, Profil, Waren suchen…</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="180" />
        <source>Search the queue</source>
        <translation>Warteschlange durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="185" />
        <source>Referral details</source>
        <translation>Einzelheiten der Anordnung</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="187" />
        <source>Open control</source>
        <translation>Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="188" />
        <source>Open a control for the selected referral (Ctrl+O)</source>
        <translation>Kontrolle für die gewählte Anordnung eröffnen (Strg+O)</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="191" />
        <source>Random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="192" />
        <source>Open a control without referral (Ctrl+Shift+O)</source>
        <translation>Kontrolle ohne Anordnung eröffnen (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="204" />
        <source>Controls returned or handed to you</source>
        <translation>An Sie zurückgegebene oder übergebene Kontrollen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="241" />
        <source>RETURNED to you: %1 — %2</source>
        <translation>An Sie ZURÜCKGEGEBEN: %1 — %2</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="242" />
        <source>no comment</source>
        <translation>ohne Kommentar</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="244" />
        <source>Handed over to you: %1</source>
        <translation>An Sie übergeben: %1</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="247" />
        <source>Double-click to work on this control</source>
        <translation>Doppelklick, um diese Kontrolle zu bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="249" />
        <source>%1 control(s) to finish — double-click to take up</source>
        <translation>%1 Kontrolle(n) abzuschließen — Doppelklick zum Übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="273" />
        <source>%1 of %2 referrals shown</source>
        <translation>%1 von %2 Kontrollanordnungen angezeigt</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="285" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="287" />
        <source>Instructions</source>
        <translation>Anweisungen</translation>
    </message>
    <message>
        <location filename="../widgets/referral_queue.py" line="289" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
</context>
<context>
    <name>ResultCode</name>
    <message>
        <location filename="../widgets/result_form.py" line="41" />
        <source>Satisfactory (physical control)</source>
        <translation>Zufriedenstellend (Beschau)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="43" />
        <source>Considered satisfactory</source>
        <translation>Als zufriedenstellend angesehen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="44" />
        <source>Simplified procedure</source>
        <translation>Vereinfachtes Verfahren</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="46" />
        <source>Minor discrepancies, no impact on duties or prohibitions</source>
        <translation>Geringfügige Abweichungen ohne Auswirkung auf Abgaben oder Verbote</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="49" />
        <source>Major discrepancies / not satisfactory</source>
        <translation>Erhebliche Abweichungen / nicht zufriedenstellend</translation>
    </message>
</context>
<context>
    <name>ResultForm</name>
    <message>
        <location filename="../widgets/result_form.py" line="64" />
        <location filename="../widgets/result_form.py" line="161" />
        <source>No control open</source>
        <translation>Keine Kontrolle offen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="68" />
        <source>Control types performed</source>
        <translation>Durchgeführte Kontrollarten</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="71" />
        <source>Documentary</source>
        <translation>Dokumentenprüfung</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="71" />
        <source>Physical</source>
        <translation>Beschau</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="72" />
        <source>Scan (NII)</source>
        <translation>Scan (NII)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="72" />
        <source>Radiation</source>
        <translation>Strahlung</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="73" />
        <source>Sample</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="81" />
        <location filename="../widgets/result_form.py" line="133" />
        <source>Result code</source>
        <translation>Ergebniscode</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="86" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="87" />
        <source>Time spent in minutes</source>
        <translation>Zeitaufwand in Minuten</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="90" />
        <source>What was found, where, how it was checked…</source>
        <translation>Was wurde wo gefunden, wie geprüft…</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="91" />
        <source>Findings text</source>
        <translation>Text der Feststellungen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="97" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="97" />
        <source>HS code</source>
        <translation>HS-Code</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="97" />
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="97" />
        <location filename="../widgets/result_form.py" line="191" />
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="98" />
        <source>Value (EUR)</source>
        <translation>Wert (EUR)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="103" />
        <location filename="../widgets/result_form.py" line="136" />
        <source>Seizures</source>
        <translation>Beschlagnahmen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="108" />
        <location filename="../widgets/result_form.py" line="109" />
        <source>Add seizure</source>
        <translation>Beschlagnahme hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="113" />
        <location filename="../widgets/result_form.py" line="114" />
        <source>Remove selected seizure</source>
        <translation>Gewählte Beschlagnahme entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="127" />
        <source>Save result and close control</source>
        <translation>Ergebnis speichern und Kontrolle abschließen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="128" />
        <source>Validate and save in one transaction (Ctrl+Return)</source>
        <translation>Prüfen und in einer Transaktion speichern (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="134" />
        <source>Time spent</source>
        <translation>Zeitaufwand</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="135" />
        <source>Findings</source>
        <translation>Feststellungen</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="149" />
        <source>— choose a result code —</source>
        <translation>— Ergebniscode wählen —</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="151" />
        <source> (irregularity)</source>
        <translation> (Unregelmäßigkeit)</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="159" />
        <source>Control of %1</source>
        <translation>Kontrolle von %1</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="163" />
        <source>referral %1</source>
        <translation>Anordnung %1</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="165" />
        <source>random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../widgets/result_form.py" line="167" />
        <source>Random control</source>
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
        <location filename="../widgets/scan_viewer.py" line="95" />
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="95" />
        <source>Material colour</source>
        <translation>Materialfarbe</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="96" />
        <location filename="../widgets/scan_viewer.py" line="202" />
        <source>Organic stripping</source>
        <translation>Organisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="97" />
        <location filename="../widgets/scan_viewer.py" line="204" />
        <source>Inorganic stripping</source>
        <translation>Anorganisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="98" />
        <location filename="../widgets/scan_viewer.py" line="206" />
        <source>Edge enhancement</source>
        <translation>Kantenverstärkung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="98" />
        <location filename="../widgets/scan_viewer.py" line="208" />
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="99" />
        <location filename="../widgets/scan_viewer.py" line="209" />
        <source>High penetration</source>
        <translation>Hohe Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="99" />
        <location filename="../widgets/scan_viewer.py" line="211" />
        <source>Low penetration</source>
        <translation>Niedrige Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="102" />
        <source>Image view</source>
        <translation>Bildansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="104" />
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="105" />
        <source>Window level</source>
        <translation>Fenstermitte</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="106" />
        <source>Window width</source>
        <translation>Fensterbreite</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="108" />
        <source>%p % of lines</source>
        <translation>%p % der Zeilen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="109" />
        <source>Scan progress</source>
        <translation>Scanfortschritt</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="111" />
        <location filename="../widgets/scan_viewer.py" line="383" />
        <source>No scan</source>
        <translation>Kein Scan</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="115" />
        <source>Zoom and measurement</source>
        <translation>Zoom und Messung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="120" />
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="122" />
        <source>γ</source>
        <translation>γ</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="122" />
        <source>Level</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="123" />
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="133" />
        <location filename="../widgets/scan_viewer.py" line="146" />
        <location filename="../widgets/scan_viewer.py" line="469" />
        <source>Findings to decide</source>
        <translation>Zu entscheidende Befunde</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="137" />
        <source>Accept</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="140" />
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="192" />
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="193" />
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="194" />
        <source>Fit scan to window</source>
        <translation>Scan einpassen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="195" />
        <source>Actual size (1:1)</source>
        <translation>Originalgröße (1:1)</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="196" />
        <source>Magnifier</source>
        <translation>Lupe</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="197" />
        <source>Measure distance</source>
        <translation>Abstand messen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="198" />
        <source>Next image view</source>
        <translation>Nächste Bildansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="199" />
        <source>Grey view</source>
        <translation>Graustufenansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="200" />
        <source>Material colour view</source>
        <translation>Materialfarben-Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="213" />
        <source>Gamma up</source>
        <translation>Gamma erhöhen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="214" />
        <source>Gamma down</source>
        <translation>Gamma verringern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="216" />
        <source>Window level up</source>
        <translation>Fenstermitte erhöhen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="218" />
        <source>Window level down</source>
        <translation>Fenstermitte verringern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="220" />
        <source>Reset view and window</source>
        <translation>Ansicht und Fenster zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="222" />
        <source>Next finding</source>
        <translation>Nächster Befund</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="223" />
        <source>Accept finding</source>
        <translation>Befund bestätigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="225" />
        <source>Reject finding</source>
        <translation>Befund verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="227" />
        <source>Show keyboard shortcuts</source>
        <translation>Tastenkürzel anzeigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="271" />
        <source>Measured: %1 mm</source>
        <translation>Gemessen: %1 mm</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="274" />
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="310" />
        <source>Scanning…</source>
        <translation>Scan läuft…</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="328" />
        <source>Scan complete</source>
        <translation>Scan vollständig</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="329" />
        <source>Scan INCOMPLETE: %1</source>
        <translation>Scan UNVOLLSTÄNDIG: %1</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="368" />
        <source>Cannot render this view: %1</source>
        <translation>Diese Ansicht kann nicht dargestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="425" />
        <source>accepted</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="425" />
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="426" />
        <source>to decide</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="430" />
        <source>handheld</source>
        <translation>Handmessgerät</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="468" />
        <source>Findings and the officer's decisions</source>
        <translation>Befunde und die Entscheidungen des Beamten</translation>
    </message>
</context>
<context>
    <name>ShortcutEditor</name>
    <message>
        <location filename="../shortcuts.py" line="148" />
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../shortcuts.py" line="186" />
        <source>%1 is used twice: %2 and %3</source>
        <translation>%1 ist doppelt belegt: %2 und %3</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../windows/supervisor.py" line="85" />
        <source>Inspection Workstation — review — %1</source>
        <translation>Kontrollarbeitsplatz — Prüfung — %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="90" />
        <location filename="../windows/supervisor.py" line="122" />
        <location filename="../windows/supervisor.py" line="348" />
        <source>Lane</source>
        <translation>Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="91" />
        <source>Lane filter</source>
        <translation>Kontrollspurfilter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="93" />
        <location filename="../windows/supervisor.py" line="122" />
        <location filename="../windows/supervisor.py" line="349" />
        <source>Officer</source>
        <translation>Beamter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="94" />
        <source>Officer filter</source>
        <translation>Beamtenfilter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="96" />
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="97" />
        <source>Any time</source>
        <translation>Beliebiger Zeitraum</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="97" />
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="98" />
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="98" />
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="101" />
        <source>Result code filter</source>
        <translation>Ergebniscodefilter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="102" />
        <source>All results</source>
        <translation>Alle Ergebnisse</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="105" />
        <source>Irregular only</source>
        <translation>Nur Unregelmäßigkeiten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="106" />
        <source>Returned before</source>
        <translation>Bereits zurückgegeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="107" />
        <source>Apply filters</source>
        <translation>Filter anwenden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="122" />
        <location filename="../windows/supervisor.py" line="351" />
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="122" />
        <source>Waiting</source>
        <translation>Wartet seit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="123" />
        <location filename="../windows/supervisor.py" line="352" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="123" />
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="123" />
        <location filename="../windows/supervisor.py" line="355" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="124" />
        <source>Irregularity</source>
        <translation>Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="124" />
        <source>Four eyes</source>
        <translation>Vier-Augen-Prinzip</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="125" />
        <source>Controls awaiting review</source>
        <translation>Kontrollen, die auf Prüfung warten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="137" />
        <source>Controls awaiting review (oldest first)</source>
        <translation>Kontrollen, die auf Prüfung warten (älteste zuerst)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="146" />
        <source>Control dossier</source>
        <translation>Kontrollakte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="148" />
        <location filename="../windows/supervisor.py" line="165" />
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="150" />
        <source>Scans of the control</source>
        <translation>Durchleuchtungen der Kontrolle</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="163" />
        <source>Dossier</source>
        <translation>Akte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="164" />
        <source>Scans</source>
        <translation>Durchleuchtungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="168" />
        <source>Comment for the officer (required to return the control)</source>
        <translation>Kommentar für den Beamten (zum Zurückgeben der Kontrolle erforderlich)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="170" />
        <source>Review comment</source>
        <translation>Prüfkommentar</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="172" />
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="175" />
        <source>Return with comment</source>
        <translation>Mit Kommentar zurückgeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="216" />
        <source>&amp;Review</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="217" />
        <source>Refresh the queue</source>
        <translation>Liste aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="222" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="225" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="226" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="238" />
        <source>You opened this control: another supervisor must review it.</source>
        <translation>Sie haben diese Kontrolle eröffnet: ein anderer Vorgesetzter muss sie prüfen.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="240" />
        <source>This control was handed over to you: another supervisor must review it.</source>
        <translation>Diese Kontrolle wurde Ihnen übergeben: ein anderer Vorgesetzter muss sie prüfen.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="242" />
        <source>You recorded this control's result: another supervisor must review it.</source>
        <translation>Sie haben das Ergebnis dieser Kontrolle erfasst: ein anderer Vorgesetzter muss sie prüfen.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="248" />
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="250" />
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="251" />
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="278" />
        <source>random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="279" />
        <source> (returned before)</source>
        <translation> (bereits zurückgegeben)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="280" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="280" />
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="291" />
        <source>%1 controls awaiting review</source>
        <translation>%1 Kontrollen warten auf Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="316" />
        <source>Choose a control in the queue.</source>
        <translation>Wählen Sie eine Kontrolle in der Liste.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="325" />
        <source>Scan %1</source>
        <translation>Durchleuchtung %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="327" />
        <source>incomplete: %1</source>
        <translation>unvollständig: %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="336" />
        <source>This control is %1: only closed controls are reviewed.</source>
        <translation>Diese Kontrolle ist %1: nur abgeschlossene Kontrollen werden geprüft.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="347" />
        <source>Control %1</source>
        <translation>Kontrolle %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="350" />
        <source>Opened</source>
        <translation>Eröffnet</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="353" />
        <source>Random control (no referral)</source>
        <translation>Zufallskontrolle (keine Kontrollanordnung)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="354" />
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="356" />
        <source>irregularity</source>
        <translation>Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="357" />
        <source>Control types</source>
        <translation>Kontrollarten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="358" />
        <source>Minutes spent</source>
        <translation>Aufgewendete Minuten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="359" />
        <source>Remarks</source>
        <translation>Bemerkungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="360" />
        <source>Seizures</source>
        <translation>Beschlagnahmen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="361" />
        <source>Returned before with</source>
        <translation>Bereits zurückgegeben mit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="362" />
        <source>Findings</source>
        <translation>Feststellungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="363" />
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="364" />
        <source>Readings</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="365" />
        <source>alarms</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="366" />
        <source>Plate and container reads</source>
        <translation>Kennzeichen- und Containerlesungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="382" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="383" />
        <source>Instructions</source>
        <translation>Anweisungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="384" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="406" />
        <source>accepted</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="406" />
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="407" />
        <source>undecided</source>
        <translation>nicht entschieden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="435" />
        <source>corrected by the officer to %1</source>
        <translation>vom Beamten korrigiert zu %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="460" />
        <source>Loading the stored scan…</source>
        <translation>Gespeicherte Durchleuchtung wird geladen…</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="491" />
        <source>Control approved</source>
        <translation>Kontrolle genehmigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="492" />
        <source>Control returned to the officer</source>
        <translation>Kontrolle an den Beamten zurückgegeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="495" />
        <source>Not approved</source>
        <translation>Nicht genehmigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="496" />
        <source>Not returned</source>
        <translation>Nicht zurückgegeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="497" />
        <source>Queue not loaded</source>
        <translation>Warteschlange nicht geladen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="498" />
        <source>Dossier not opened</source>
        <translation>Akte nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="499" />
        <source>Scan not shown</source>
        <translation>Bild nicht angezeigt</translation>
    </message>
</context>
<context>
    <name>TechnicianWindow</name>
    <message>
        <location filename="../windows/office.py" line="148" />
        <location filename="../windows/office.py" line="156" />
        <source>Technician</source>
        <translation>Techniker(in)</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="149" />
        <source>Devices now</source>
        <translation>Geräte jetzt</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="151" />
        <location filename="../windows/office.py" line="155" />
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="151" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="151" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="152" />
        <source>Detail</source>
        <translation>Einzelheit</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="153" />
        <source>Checks and calibrations on record (newest first)</source>
        <translation>Aufgezeichnete Prüfungen und Kalibrierungen (neueste zuerst)</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="155" />
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="155" />
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="156" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="157" />
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="158" />
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="173" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="173" />
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="174" />
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="174" />
        <source>DISCONNECTED</source>
        <translation>GETRENNT</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="175" />
        <source>disabled</source>
        <translation>abgeschaltet</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="188" />
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="188" />
        <source>FAILED</source>
        <translation>NICHT BESTANDEN</translation>
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
<context>
    <name>_OfficeWindow</name>
    <message>
        <location filename="../windows/office.py" line="58" />
        <source>Inspection Workstation — %1</source>
        <translation>Kontrollarbeitsplatz — %1</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="67" />
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="68" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../widgets/portal_profile.py" line="142" />
        <source>Portal pass</source>
        <translation>Portaldurchfahrt</translation>
    </message>
</context>
</TS>