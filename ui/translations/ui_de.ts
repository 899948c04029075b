<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../windows/office.py" line="98" />
        <source>Administrator</source>
        <translation>Administration</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="102" />
        <location filename="../windows/office.py" line="119" />
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="103" />
        <source>Result codes</source>
        <translation>Ergebniscodes</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="104" />
        <location filename="../windows/office.py" line="332" />
        <source>Audit trail</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="113" />
        <source>Users and roles</source>
        <translation>Benutzer und Rollen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="115" />
        <location filename="../windows/office.py" line="133" />
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="115" />
        <location filename="../windows/office.py" line="134" />
        <source>Full name</source>
        <translation>Vollständiger Name</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="115" />
        <location filename="../windows/office.py" line="135" />
        <location filename="../windows/office.py" line="173" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="116" />
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="129" />
        <source>Add user</source>
        <translation>Benutzer anlegen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="131" />
        <source>New user</source>
        <translation>Neuer Benutzer</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="136" />
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="137" />
        <location filename="../windows/office.py" line="175" />
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="141" />
        <location filename="../windows/office.py" line="233" />
        <source>Choose a user in the list.</source>
        <translation>Wählen Sie einen Benutzer in der Liste.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="143" />
        <source>Deactivate</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="144" />
        <source>The user can no longer log in and stays in the record</source>
        <translation>Der Benutzer kann sich nicht mehr anmelden und bleibt im Datenbestand</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="147" />
        <source>Reactivate</source>
        <translation>Reaktivieren</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="150" />
        <source>New role</source>
        <translation>Neue Rolle</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="153" />
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="157" />
        <location filename="../windows/office.py" line="174" />
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="160" />
        <source>Repeat the new password</source>
        <translation>Neues Passwort wiederholen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="161" />
        <source>Reset password</source>
        <translation>Passwort zurücksetzen</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="163" />
        <source>Chosen user</source>
        <translation>Gewählter Benutzer</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="169" />
        <source>Access</source>
        <translation>Zugang</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="194" />
        <source>officer</source>
        <translation>Beamter</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="194" />
        <source>supervisor</source>
        <translation>Vorgesetzter</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="195" />
        <source>technician</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="195" />
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="207" />
        <location filename="../windows/office.py" line="325" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="207" />
        <source>no — deactivated</source>
        <translation>nein — deaktiviert</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="236" />
        <source>This is you: another administrator changes your account.</source>
        <translation>Das sind Sie: Ihr Konto ändert ein anderer Administrator.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="239" />
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="239" />
        <source>deactivated</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="259" />
        <source>User %1 reactivated</source>
        <translation>Benutzer %1 reaktiviert</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="260" />
        <source>User %1 deactivated: they can no longer log in</source>
        <translation>Benutzer %1 deaktiviert: Anmeldung nicht mehr möglich</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="268" />
        <source>User %1 is now %2</source>
        <translation>Benutzer %1 ist jetzt %2</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="284" />
        <source>Password of %1 reset</source>
        <translation>Passwort von %1 zurückgesetzt</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="308" />
        <location filename="../windows/office.py" line="316" />
        <source>Result codes in force</source>
        <translation>Geltende Ergebniscodes</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="310" />
        <source>Shipped codes and the post's own ([reference] result_codes in the lane configuration). An irregularity is what the code says it is: the figures and the review policy count by it.</source>
        <translation>Mitgelieferte Codes und die der Zollstelle ([reference] result_codes in der Spurkonfiguration). Eine Unregelmäßigkeit ist, was der Code als solche ausweist: Kennzahlen und Prüfregel zählen danach.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="314" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="314" />
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="315" />
        <source>Irregularity</source>
        <translation>Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="315" />
        <source>Needs a physical control</source>
        <translation>Erfordert eine körperliche Kontrolle</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="325" />
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="334" />
        <source>Verification re-computes the keyed hash chain, checks its head anchor, re-derives every audited row and re-hashes the scan files (the same check as `workstation audit verify`).</source>
        <translation>Die Prüfung berechnet die verschlüsselte Hash-Kette neu, prüft ihren Kopfanker, leitet jede protokollierte Zeile erneut ab und berechnet die Hashes der Scandateien (dieselbe Prüfung wie `workstation audit verify`).</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="338" />
        <source>Verify the audit trail</source>
        <translation>Prüfprotokoll verifizieren</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="345" />
        <source>Audit findings</source>
        <translation>Prüfergebnisse des Protokolls</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="361" />
        <source>Verifying…</source>
        <translation>Wird verifiziert…</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="374" />
        <source>✔ The audit trail is intact: %1 events verified, every audited row matches.</source>
        <translation>✔ Das Prüfprotokoll ist unversehrt: %1 Einträge verifiziert, jede protokollierte Zeile stimmt.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="379" />
        <source>✖ The audit trail does NOT verify: %1 problem(s) in %2 events. Each is named below; report it to the post's security officer.</source>
        <translation>✖ Das Prüfprotokoll ist NICHT stimmig: %1 Problem(e) in %2 Einträgen. Jedes ist unten genannt; melden Sie es dem Sicherheitsbeauftragten der Zollstelle.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="388" />
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="389" />
        <source>What could not be proved</source>
        <translation>Was nicht nachgewiesen werden konnte</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="277" />
        <location filename="../windows/office.py" line="288" />
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="295" />
        <source>User %1 added</source>
        <translation>Benutzer %1 angelegt</translation>
    </message>
</context>
<context>
    <name>AlarmBox</name>
    <message>
        <location filename="../widgets/handheld_panel.py" line="61" />
        <source>Acknowledge alarm</source>
        <translation>Alarm quittieren</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="62" />
        <source>Acknowledge the alarm (Ctrl+K)</source>
        <translation>Alarm quittieren (Strg+K)</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="79" />
        <source>ALARM from %1: %2</source>
        <translation>ALARM von %1: %2</translation>
    </message>
</context>
<context>
    <name>AnalystWindow</name>
    <message>
        <location filename="../windows/analyst.py" line="88" />
        <source>Inspection Workstation — remote image analysis — %1</source>
        <translation>Inspection Workstation — Fernbildauswertung — %1</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="94" />
        <source>Waiting</source>
        <translation>Wartet seit</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="94" />
        <source>Lane</source>
        <translation>Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="94" />
        <location filename="../windows/analyst.py" line="292" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="94" />
        <location filename="../windows/analyst.py" line="292" />
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="95" />
        <source>Sent because</source>
        <translation>Gesendet wegen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="95" />
        <source>Analyst</source>
        <translation>Bildanalyst(in)</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="96" />
        <source>Scans awaiting analysis</source>
        <translation>Scans, die auf Auswertung warten</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="109" />
        <source>Claim the oldest scan</source>
        <translation>Ältesten Scan übernehmen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="116" />
        <source>Scans awaiting analysis, all lanes (oldest first)</source>
        <translation>Scans, die auf Auswertung warten, alle Kontrollspuren (älteste zuerst)</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="128" />
        <source>Model findings and your regions</source>
        <translation>Modellbefunde und Ihre Bereiche</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="133" />
        <source>Referral, declared goods and model findings</source>
        <translation>Kontrollanordnung, angemeldete Waren und Modellbefunde</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="135" />
        <source>Category of the region</source>
        <translation>Kategorie des Bereichs</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="139" />
        <location filename="../windows/analyst.py" line="140" />
        <source>Note on the region</source>
        <translation>Hinweis zum Bereich</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="141" />
        <source>Mark region (drag on the image)</source>
        <translation>Bereich markieren (auf dem Bild aufziehen)</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="145" />
        <source>Suspect regions marked</source>
        <translation>Markierte verdächtige Bereiche</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="147" />
        <source>Remove region</source>
        <translation>Bereich entfernen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="150" />
        <location filename="../windows/analyst.py" line="151" />
        <source>Note for the officer</source>
        <translation>Hinweis für die Beamtin / den Beamten</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="152" />
        <source>Clear scan</source>
        <translation>Scan unauffällig</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="154" />
        <source>Send suspect regions</source>
        <translation>Verdächtige Bereiche senden</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="157" />
        <source>Give back to the queue</source>
        <translation>An die Warteschlange zurückgeben</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="208" />
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="209" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="213" />
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="214" />
        <source>Refresh the queue</source>
        <translation>Liste aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="218" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="219" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="232" />
        <source>every scan</source>
        <translation>jeder Scan</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="232" />
        <source>red channel</source>
        <translation>roter Kanal</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="233" />
        <source>model alarm</source>
        <translation>Modellalarm</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="237" />
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="239" />
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="240" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="252" />
        <source>random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="254" />
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="260" />
        <source>1 waiting, %2 being analysed</source>
        <translation>1 wartet, %2 in Analyse</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="261" />
        <source>%1 waiting, %2 being analysed</source>
        <translation>%1 warten, %2 in Analyse</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="280" />
        <source>No scan claimed: claim the oldest scan of the queue</source>
        <translation>Kein Scan übernommen: den ältesten Scan der Warteschlange übernehmen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="285" />
        <source>Lane %1, %2 — yours until %3</source>
        <translation>Kontrollspur %1, %2 — Ihnen zugeteilt bis %3</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="293" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="294" />
        <source>Control instructions</source>
        <translation>Kontrollanweisungen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="295" />
        <source>Random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="295" />
        <source>Declared goods</source>
        <translation>Angemeldete Waren</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="296" />
        <source>none declared</source>
        <translation>keine angemeldet</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="296" />
        <source>Model findings</source>
        <translation>Modellbefunde</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="298" />
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="298" />
        <source>HS code</source>
        <translation>HS-Code</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="298" />
        <source>Origin</source>
        <translation>Ursprung</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="299" />
        <source>Gross mass</source>
        <translation>Rohmasse</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="299" />
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="297" />
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="384" />
        <source>Drag a larger box on the image to mark a region</source>
        <translation>Zum Markieren einen größeren Rahmen auf dem Bild aufziehen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="423" />
        <source>Scan of lane %1 claimed</source>
        <translation>Scan der Kontrollspur %1 übernommen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="436" />
        <source>Decision sent to the lane</source>
        <translation>Entscheidung an die Kontrollspur gesendet</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="437" />
        <source>The lane closed the control before your decision: not recorded</source>
        <translation>Die Kontrollspur hat die Kontrolle vor Ihrer Entscheidung abgeschlossen: nicht erfasst</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="439" />
        <source>Your claim ran out and another analyst took the scan</source>
        <translation>Ihre Zuteilung ist abgelaufen, eine andere Auswerterin / ein anderer Auswerter hat den Scan übernommen</translation>
    </message>
    <message>
        <location filename="../windows/analyst.py" line="441" />
        <source>Scan given back to the queue</source>
        <translation>Scan an die Warteschlange zurückgegeben</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../widgets/device_status.py" line="123" />
        <location filename="../widgets/device_status.py" line="124" />
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="142" />
        <source>DEVICE LOST: %1 (%2). Work continues without it; it reconnects by itself. %3</source>
        <translation>GERÄT GETRENNT: %1 (%2). Die Arbeit geht ohne es weiter; es verbindet sich selbst neu. %3</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="151" />
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
        <location filename="../widgets/device_status.py" line="53" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="54" />
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="55" />
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="56" />
        <source>DISCONNECTED</source>
        <translation>GETRENNT</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="57" />
        <source>disabled</source>
        <translation>abgeschaltet</translation>
    </message>
    <message>
        <location filename="../widgets/device_status.py" line="58" />
        <source>OUT OF SERVICE</source>
        <translation>AUSSER BETRIEB</translation>
    </message>
</context>
<context>
    <name>DeviceConfigTab</name>
    <message>
        <location filename="../windows/device_config_form.py" line="63" />
        <source>New device</source>
        <translation>Neues Gerät</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="78" />
        <source>simulated (start the driver's simulator)</source>
        <translation>simuliert (den Simulator des Treibers starten)</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="79" />
        <source>enabled</source>
        <translation>aktiviert</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="80" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="81" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="82" />
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="92" />
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="92" />
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="93" />
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="93" />
        <source>Default</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="94" />
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="99" />
        <source>Values are TOML: numbers, true / false, text in quotes or a single word, lists in brackets. An empty value is not set: the default applies.</source>
        <translation>Werte in TOML: Zahlen, true / false, Text in Anführungszeichen oder ein einzelnes Wort, Listen in eckigen Klammern. Ein leerer Wert ist nicht gesetzt: die Vorgabe gilt.</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="112" />
        <source>Add key</source>
        <translation>Schlüssel hinzufügen</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="114" />
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="116" />
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="118" />
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="134" />
        <source>This lane runs without a lane file (defaults and simulators): there is no configuration to edit. Start the lane with --config FILE.</source>
        <translation>Diese Kontrollspur läuft ohne Spurdatei (Vorgaben und Simulatoren): es gibt keine Konfiguration zu bearbeiten. Starten Sie die Spur mit --config DATEI.</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="139" />
        <source>Devices of the lane file %1. A saved change takes effect when the lane is started again.</source>
        <translation>Geräte der Spurdatei %1. Eine gespeicherte Änderung gilt ab dem nächsten Start der Kontrollspur.</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="249" />
        <source>Opening %1 …</source>
        <translation>%1 wird geöffnet …</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="254" />
        <source>✖ Not tested: the form has errors.</source>
        <translation>✖ Nicht getestet: das Formular enthält Fehler.</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="272" />
        <source>device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="274" />
        <source>✖ %1 problem(s): %2</source>
        <translation>✖ %1 Problem(e): %2</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="280" />
        <source>✔ The values are valid.</source>
        <translation>✔ Die Werte sind gültig.</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="287" />
        <source>✔ Connected to %1: %2</source>
        <translation>✔ Verbunden mit %1: %2</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="292" />
        <source>✖ %1 could not be opened: %2</source>
        <translation>✖ %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="297" />
        <source>Saved %1 to %2: %3</source>
        <translation>%1 in %2 gespeichert: %3</translation>
    </message>
    <message>
        <location filename="../windows/device_config_form.py" line="301" />
        <source>(the device's block was written anew: its comments are gone)</source>
        <translation>(der Abschnitt des Geräts wurde neu geschrieben: seine Kommentare sind entfallen)</translation>
    </message>
</context>
<context>
    <name>DeviceStatusBar</name>
    <message>
        <location filename="../widgets/device_status.py" line="87" />
        <source>No devices configured</source>
        <translation>Keine Geräte konfiguriert</translation>
    </message>
</context>
<context>
    <name>FiguresView</name>
    <message>
        <location filename="../windows/figures_view.py" line="150" />
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="150" />
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="156" />
        <location filename="../windows/figures_view.py" line="173" />
        <source>Lane</source>
        <translation>Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="157" />
        <source>All lanes</source>
        <translation>Alle Kontrollspuren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="159" />
        <source>Show figures</source>
        <translation>Kennzahlen anzeigen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="162" />
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="164" />
        <source>Export PDF</source>
        <translation>PDF exportieren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="166" />
        <location filename="../windows/figures_view.py" line="434" />
        <source>Export results for risk analysis</source>
        <translation>Ergebnisse für die Risikoanalyse exportieren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="169" />
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="171" />
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="183" />
        <source>Controls closed</source>
        <translation>Abgeschlossene Kontrollen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="184" />
        <source>With an irregularity</source>
        <translation>Mit Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="185" />
        <location filename="../windows/figures_view.py" line="217" />
        <source>Hit rate</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="186" />
        <source>Duration p50 / p90 (min)</source>
        <translation>Dauer p50 / p90 (min)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="187" />
        <source>Waiting p50 / p90 (min)</source>
        <translation>Wartezeit p50 / p90 (min)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="188" />
        <source>Deadline kept</source>
        <translation>Frist eingehalten</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="189" />
        <source>With a scan</source>
        <translation>Mit Durchleuchtung</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="190" />
        <location filename="../windows/figures_view.py" line="218" />
        <source>Seizures</source>
        <translation>Beschlagnahmen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="191" />
        <source>Awaiting review</source>
        <translation>Prüfung ausstehend</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="204" />
        <source>Hit rate per risk profile (%)</source>
        <translation>Trefferquote je Risikoprofil (%)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="205" />
        <source>Controls closed per day</source>
        <translation>Abgeschlossene Kontrollen pro Tag</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="209" />
        <source>Control duration (minutes, opened to first closed)</source>
        <translation>Kontrolldauer (Minuten, Eröffnung bis erster Abschluss)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="216" />
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="216" />
        <source>Referrals</source>
        <translation>Kontrollanordnungen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="216" />
        <source>Controls</source>
        <translation>Kontrollen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="217" />
        <source>Irregular</source>
        <translation>Unregelmäßig</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="217" />
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="218" />
        <source>With scan</source>
        <translation>Mit Durchleuchtung</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="218" />
        <source>Value (€)</source>
        <translation>Wert (€)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="222" />
        <source>Lanes</source>
        <translation>Kontrollspuren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="222" />
        <source>Officers</source>
        <translation>Beamte</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="223" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="223" />
        <source>Risk areas</source>
        <translation>Risikobereiche</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="224" />
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="224" />
        <source>Control types</source>
        <translation>Kontrollarten</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="225" />
        <source>Posts</source>
        <translation>Zollstellen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="302" />
        <source>Not done: %1</source>
        <translation>Nicht ausgeführt: %1</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="312" />
        <source>The last day is before the first day.</source>
        <translation>Der letzte Tag liegt vor dem ersten Tag.</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="315" />
        <source>Computing the figures…</source>
        <translation>Kennzahlen werden berechnet…</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="340" />
        <location filename="../windows/figures_view.py" line="341" />
        <location filename="../windows/figures_view.py" line="342" />
        <source>(random control)</source>
        <translation>(Zufallskontrolle)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="350" />
        <source>1 control closed in the period.</source>
        <translation>1 Kontrolle im Zeitraum abgeschlossen.</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="351" />
        <source>%1 controls closed in the period.</source>
        <translation>%1 Kontrollen im Zeitraum abgeschlossen.</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="379" />
        <source>closed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="382" />
        <source>with an irregularity</source>
        <translation>mit Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="422" />
        <source>Export the figures as CSV</source>
        <translation>Kennzahlen als CSV exportieren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="423" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="428" />
        <source>Export the figures as PDF</source>
        <translation>Kennzahlen als PDF exportieren</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="429" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="435" />
        <source>JSON files (*.json);;CSV files (*.csv)</source>
        <translation>JSON-Dateien (*.json);;CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="440" />
        <source>Writing %1…</source>
        <translation>%1 wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../windows/figures_view.py" line="443" />
        <source>Written: %1</source>
        <translation>Geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>FindingWords</name>
    <message>
        <location filename="../widgets/finding_words.py" line="17" />
        <source>Drug package</source>
        <translation>Drogenpaket</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="18" />
        <source>Cigarettes</source>
        <translation>Zigaretten</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="19" />
        <source>Cash</source>
        <translation>Bargeld</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="20" />
        <source>Handgun</source>
        <translation>Handfeuerwaffe</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="21" />
        <source>Knife</source>
        <translation>Messer</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="22" />
        <source>Blade</source>
        <translation>Klinge</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="23" />
        <source>Battery</source>
        <translation>Batterie</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="24" />
        <source>Hidden compartment</source>
        <translation>Versteck</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="25" />
        <source>Undeclared dense block</source>
        <translation>Nicht angemeldeter dichter Block</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="27" />
        <source>Goods in an empty container</source>
        <translation>Waren in leerem Container</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="29" />
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="41" />
        <source>Dose rate alarm</source>
        <translation>Dosisleistungsalarm</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="43" />
        <source>Officer's finding</source>
        <translation>Befund des Beamten</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="46" />
        <source>Nuclide %1</source>
        <translation>Nuklid %1</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="48" />
        <source>Controlled substance %1</source>
        <translation>Kontrollierter Stoff %1</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="55" />
        <source>alarm rule</source>
        <translation>Alarmregel</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="56" />
        <source>officer</source>
        <translation>Beamter</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="57" />
        <source>analyst</source>
        <translation>Bildauswertung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="68" />
        <source>counts</source>
        <translation>Impulse</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="76" />
        <source>nuclide %1</source>
        <translation>Nuklid %1</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="78" />
        <source>dose rate</source>
        <translation>Dosisleistung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="79" />
        <source>real time</source>
        <translation>Echtzeit</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="80" />
        <source>live time</source>
        <translation>Messzeit</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="81" />
        <source>gross counts</source>
        <translation>Bruttoimpulse</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="82" />
        <source>count rate</source>
        <translation>Zählrate</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="83" />
        <source>substance</source>
        <translation>Substanz</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="84" />
        <source>library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="85" />
        <source>confidence</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="86" />
        <source>spectrum</source>
        <translation>Spektrum</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="87" />
        <source>density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="93" />
        <source>wire resolution</source>
        <translation>Drahtauflösung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="94" />
        <source>spatial resolution</source>
        <translation>Ortsauflösung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="96" />
        <source>noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="97" />
        <source>uniformity</source>
        <translation>Gleichmäßigkeit</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="98" />
        <source>penetration</source>
        <translation>Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="99" />
        <source>useful penetration</source>
        <translation>nutzbare Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="101" />
        <source>simple penetration</source>
        <translation>einfache Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/finding_words.py" line="103" />
        <source>material discrimination</source>
        <translation>Materialunterscheidung</translation>
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
        <location filename="../widgets/handheld_panel.py" line="121" />
        <source>Handheld devices</source>
        <translation>Handmessgeräte</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="127" />
        <source>No handheld device connected</source>
        <translation>Kein Handmessgerät verbunden</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="153" />
        <location filename="../widgets/handheld_panel.py" line="218" />
        <source>connected, no value yet</source>
        <translation>verbunden, noch kein Messwert</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="159" />
        <source>Live values of %1</source>
        <translation>Aktuelle Werte von %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="160" />
        <source>Take reading</source>
        <translation>Messwert übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="162" />
        <source>Attach a reading of %1 to the control (%2)</source>
        <translation>Einen Messwert von %1 der Kontrolle beifügen (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="164" />
        <source>Take reading with %1</source>
        <translation>Messwert mit %1 aufnehmen</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="176" />
        <source>taking a reading</source>
        <translation>Messung läuft</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="185" />
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="194" />
        <source>No reading: %1</source>
        <translation>Kein Messwert: %1</translation>
    </message>
    <message>
        <location filename="../widgets/handheld_panel.py" line="200" />
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
        <location filename="../windows/officer.py" line="118" />
        <source>Inspection Workstation — lane %1 — %2</source>
        <translation>Kontrollarbeitsplatz — Spur %1 — %2</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="134" />
        <source>Last message</source>
        <translation>Letzte Meldung</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="163" />
        <source>Referral queue</source>
        <translation>Anordnungen (Warteschlange)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="164" />
        <source>Arriving vehicle</source>
        <translation>Ankommendes Fahrzeug</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="166" />
        <source>Handheld devices</source>
        <translation>Handmessgeräte</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="183" />
        <source>Control result</source>
        <translation>Kontrollergebnis</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="215" />
        <source>Scan failed: %1</source>
        <translation>Scan fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="268" />
        <source>&amp;Lane</source>
        <translation>&amp;Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="270" />
        <source>Refresh referral queue</source>
        <translation>Warteschlange aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="142" />
        <location filename="../windows/officer.py" line="271" />
        <source>Start scan</source>
        <translation>Scan starten</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="144" />
        <source>Scan the vehicle in the tunnel (Ctrl+Shift+S)</source>
        <translation>Das Fahrzeug im Tunnel durchleuchten (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="146" />
        <source>Image only</source>
        <translation>Nur Bild</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="148" />
        <source>Hide the side panels to give the scan the whole window (Ctrl+Shift+F)</source>
        <translation>Seitenbereiche ausblenden, damit das Bild das ganze Fenster füllt (Strg+Umschalt+F)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="172" />
        <source>The open control's referral</source>
        <translation>Kontrollanordnung der offenen Kontrolle</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="175" />
        <source>Readings attached to the control</source>
        <translation>Der Kontrolle beigefügte Messungen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="272" />
        <source>Measure with the RIID</source>
        <translation>Mit dem RIID messen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="273" />
        <source>Correct the plate reading</source>
        <translation>Kennzeichen korrigieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="275" />
        <source>Hand over the open control…</source>
        <translation>Offene Kontrolle übergeben…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="277" />
        <source>Open a portal-monitor file…</source>
        <translation>Portalmonitor-Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="279" />
        <source>Go to the result form</source>
        <translation>Zum Ergebnisformular</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="284" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="287" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="289" />
        <source>Dark theme</source>
        <translation>Dunkles Farbschema</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="289" />
        <source>Light theme</source>
        <translation>Helles Farbschema</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="296" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="302" />
        <source>Scan image on second screen</source>
        <translation>Scanbild auf zweitem Bildschirm</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="305" />
        <source>Image only (hide the side panels)</source>
        <translation>Nur Bild (Seitenbereiche ausblenden)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="308" />
        <source>Keyboard shortcuts…</source>
        <translation>Tastenkürzel…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="313" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="322" />
        <source>Remote analysis by %1: scan cleared</source>
        <translation>Fernbildauswertung durch %1: Scan unauffällig</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="324" />
        <source>Remote analysis by %1: suspect, %2 region(s) marked: accept or reject each in the findings</source>
        <translation>Fernbildauswertung durch %1: verdächtig, %2 Bereich(e) markiert: jeden in den Befunden bestätigen oder verwerfen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="339" />
        <source>Queue not loaded</source>
        <translation>Warteschlange nicht geladen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="339" />
        <source>Matching failed</source>
        <translation>Zuordnung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="343" />
        <source>Reading not taken</source>
        <translation>Messung nicht durchgeführt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="344" />
        <source>Scan not started</source>
        <translation>Durchleuchtung nicht gestartet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="347" />
        <source>Decision not kept</source>
        <translation>Entscheidung nicht übernommen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="348" />
        <source>Calibration not recorded</source>
        <translation>Kalibrierung nicht aufgezeichnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="349" />
        <source>Scan not shown</source>
        <translation>Bild nicht angezeigt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="350" />
        <source>Acknowledgement not recorded</source>
        <translation>Quittierung nicht aufgezeichnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="351" />
        <source>Control not handed over</source>
        <translation>Kontrolle nicht übergeben</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="352" />
        <source>Control not taken up</source>
        <translation>Kontrolle nicht übernommen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="357" />
        <source>Finish the open control first: a control cannot be left without a result.</source>
        <translation>Erst die offene Kontrolle abschließen: keine Kontrolle ohne Ergebnis.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="340" />
        <source>Control not opened</source>
        <translation>Kontrolle nicht eröffnet</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="593" />
        <source>Control opened for %1</source>
        <translation>Kontrolle eröffnet für %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="359" />
        <source>No scanner is configured: start the scan on the scanner console.</source>
        <translation>Kein Scanner konfiguriert: Scan an der Scannerkonsole starten.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="361" />
        <source>Scan requested from %1</source>
        <translation>Scan bei %1 angefordert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="363" />
        <source>No RIID is connected</source>
        <translation>Kein Radionuklid-Identifikator verbunden</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="612" />
        <source>Scan arriving: %1 lines</source>
        <translation>Scan läuft ein: %1 Zeilen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="618" />
        <source>Scan incomplete (%1): it is kept; scan again or continue with what is there.</source>
        <translation>Scan unvollständig (%1): er bleibt erhalten; erneut scannen oder mit dem Vorhandenen weiterarbeiten.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="341" />
        <source>Scan NOT stored</source>
        <translation>Scan NICHT gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="482" />
        <source>Analysing…</source>
        <translation>Wird analysiert…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="341" />
        <source>Analysis failed</source>
        <translation>Analyse fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="629" />
        <source>No model installed: %1</source>
        <translation>Kein Modell installiert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="631" />
        <source>Scan stored; %1</source>
        <translation>Scan gespeichert; %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="633" />
        <source>Analysed by %1</source>
        <translation>Analysiert mit %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="362" />
        <source>Open a control before taking a reading</source>
        <translation>Vor dem Messen eine Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="364" />
        <source>Measuring with %1…</source>
        <translation>Messung mit %1…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="342" />
        <source>Reading not attached</source>
        <translation>Messwert nicht beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="365" />
        <source>Detector of %1 calibrated (recorded)</source>
        <translation>Detektor von %1 kalibriert (aufgezeichnet)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="410" />
        <source>&lt;b&gt;Random control&lt;/b&gt; (no referral)</source>
        <translation>&lt;b&gt;Zufallskontrolle&lt;/b&gt; (ohne Kontrollanordnung)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="413" />
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="413" />
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="413" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="423" />
        <source>No handheld reading attached yet</source>
        <translation>Noch keine Handmessung beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="432" />
        <source>Readings attached:</source>
        <translation>Beigefügte Messungen:</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="477" />
        <source>Scan stored</source>
        <translation>Bild gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="478" />
        <source>Incomplete scan stored: %1</source>
        <translation>Unvollständiges Bild gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="500" />
        <source>Referral %1 was taken by %2 at lane %3</source>
        <translation>Kontrollanordnung %1 wurde von %2 an Kontrollspur %3 übernommen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="505" />
        <source>Reading of %1 attached to the control</source>
        <translation>Messwert von %1 der Kontrolle beigefügt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="519" />
        <location filename="../windows/officer.py" line="698" />
        <source>The result is not complete yet</source>
        <translation>Das Ergebnis ist noch nicht vollständig</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="524" />
        <source>Control handed over to %1 (recorded)</source>
        <translation>Kontrolle an %1 übergeben (aufgezeichnet)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="537" />
        <source>Scanner %1 FAILED its daily image-quality test (%2). Call the technician; scans may not show what the standard requires.</source>
        <translation>Scanner %1 hat den täglichen Bildqualitätstest NICHT BESTANDEN (%2). Rufen Sie den Techniker; Scans zeigen womöglich nicht, was die Norm verlangt.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="543" />
        <source>Scanner %1 has no image-quality test in the last 24 hours. Call the technician for the daily test.</source>
        <translation>Scanner %1 hat in den letzten 24 Stunden keinen Bildqualitätstest. Rufen Sie den Techniker für den täglichen Test.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="625" />
        <source>Models refused: %1</source>
        <translation>Modelle abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="626" />
        <source>Scan stored, NOT analysed; %1</source>
        <translation>Bild gespeichert, NICHT ausgewertet; %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="649" />
        <source>Save result and close control</source>
        <translation>Ergebnis speichern und Kontrolle abschließen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="651" />
        <source>Acknowledge alarm</source>
        <translation>Alarm quittieren</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="652" />
        <source>Open a control for the selected referral</source>
        <translation>Kontrolle für die gewählte Kontrollanordnung eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="654" />
        <source>Open a random control</source>
        <translation>Zufallskontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="656" />
        <source>Confirm the vehicle and open its control</source>
        <translation>Fahrzeug bestätigen und Kontrolle eröffnen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="668" />
        <source>Take a reading with %1</source>
        <translation>Messung mit %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="701" />
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="717" />
        <source>Result saved and control closed</source>
        <translation>Ergebnis gespeichert, Kontrolle abgeschlossen</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="552" />
        <source>Result NOT saved: %1</source>
        <translation>Ergebnis NICHT gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="345" />
        <source>Draft not saved</source>
        <translation>Entwurf nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="346" />
        <source>Draft not recovered</source>
        <translation>Entwurf nicht wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="456" />
        <source>Recovered the unfinished result of the control of %1 from the last session. Check it and save it.</source>
        <translation>Das unfertige Ergebnis der Kontrolle von %1 aus der letzten Sitzung wurde wiederhergestellt. Bitte prüfen und speichern.</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="723" />
        <source>Portal-monitor file</source>
        <translation>Portalmonitor-Datei</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="724" />
        <source>N42 files (*.n42 *.xml)</source>
        <translation>N42-Dateien (*.n42 *.xml)</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="730" />
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="734" />
        <source>%1 not read: %2</source>
        <translation>%1 nicht gelesen: %2</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="740" />
        <source>No control is open to hand over</source>
        <translation>Keine offene Kontrolle zum Übergeben</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="750" />
        <source>There is no other officer to hand the control over to</source>
        <translation>Es gibt keine andere Beamtin / keinen anderen Beamten, an die / den die Kontrolle übergeben werden kann</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="752" />
        <source>Hand over the control</source>
        <translation>Kontrolle übergeben</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="753" />
        <source>Officer who takes over:</source>
        <translation>Übernehmende Beamtin / übernehmender Beamter:</translation>
    </message>
    <message>
        <location filename="../windows/officer.py" line="783" />
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
        <location filename="../widgets/scan_viewer.py" line="96" />
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="96" />
        <source>Material colour</source>
        <translation>Materialfarbe</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="97" />
        <location filename="../widgets/scan_viewer.py" line="203" />
        <source>Organic stripping</source>
        <translation>Organisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="98" />
        <location filename="../widgets/scan_viewer.py" line="205" />
        <source>Inorganic stripping</source>
        <translation>Anorganisches ausblenden</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="99" />
        <location filename="../widgets/scan_viewer.py" line="207" />
        <source>Edge enhancement</source>
        <translation>Kantenverstärkung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="99" />
        <location filename="../widgets/scan_viewer.py" line="209" />
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="100" />
        <location filename="../widgets/scan_viewer.py" line="210" />
        <source>High penetration</source>
        <translation>Hohe Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="100" />
        <location filename="../widgets/scan_viewer.py" line="212" />
        <source>Low penetration</source>
        <translation>Niedrige Durchdringung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="103" />
        <source>Image view</source>
        <translation>Bildansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="105" />
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="106" />
        <source>Window level</source>
        <translation>Fenstermitte</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="107" />
        <source>Window width</source>
        <translation>Fensterbreite</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="109" />
        <source>%p % of lines</source>
        <translation>%p % der Zeilen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="110" />
        <source>Scan progress</source>
        <translation>Scanfortschritt</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="112" />
        <location filename="../widgets/scan_viewer.py" line="384" />
        <source>No scan</source>
        <translation>Kein Scan</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="116" />
        <source>Zoom and measurement</source>
        <translation>Zoom und Messung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="121" />
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="123" />
        <source>γ</source>
        <translation>γ</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="123" />
        <source>Level</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="124" />
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="134" />
        <location filename="../widgets/scan_viewer.py" line="147" />
        <location filename="../widgets/scan_viewer.py" line="475" />
        <source>Findings to decide</source>
        <translation>Zu entscheidende Befunde</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="138" />
        <source>Accept</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="141" />
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="193" />
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="194" />
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="195" />
        <source>Fit scan to window</source>
        <translation>Scan einpassen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="196" />
        <source>Actual size (1:1)</source>
        <translation>Originalgröße (1:1)</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="197" />
        <source>Magnifier</source>
        <translation>Lupe</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="198" />
        <source>Measure distance</source>
        <translation>Abstand messen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="199" />
        <source>Next image view</source>
        <translation>Nächste Bildansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="200" />
        <source>Grey view</source>
        <translation>Graustufenansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="201" />
        <source>Material colour view</source>
        <translation>Materialfarben-Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="214" />
        <source>Gamma up</source>
        <translation>Gamma erhöhen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="215" />
        <source>Gamma down</source>
        <translation>Gamma verringern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="217" />
        <source>Window level up</source>
        <translation>Fenstermitte erhöhen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="219" />
        <source>Window level down</source>
        <translation>Fenstermitte verringern</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="221" />
        <source>Reset view and window</source>
        <translation>Ansicht und Fenster zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="223" />
        <source>Next finding</source>
        <translation>Nächster Befund</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="224" />
        <source>Accept finding</source>
        <translation>Befund bestätigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="226" />
        <source>Reject finding</source>
        <translation>Befund verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="228" />
        <source>Show keyboard shortcuts</source>
        <translation>Tastenkürzel anzeigen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="272" />
        <source>Measured: %1 mm</source>
        <translation>Gemessen: %1 mm</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="275" />
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="311" />
        <source>Scanning…</source>
        <translation>Scan läuft…</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="329" />
        <source>Scan complete</source>
        <translation>Scan vollständig</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="330" />
        <source>Scan INCOMPLETE: %1</source>
        <translation>Scan UNVOLLSTÄNDIG: %1</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="369" />
        <source>Cannot render this view: %1</source>
        <translation>Diese Ansicht kann nicht dargestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="426" />
        <source>accepted</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="426" />
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="427" />
        <source>to decide</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="431" />
        <source>analyst</source>
        <translation>Bildauswertung</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="436" />
        <source>handheld</source>
        <translation>Handmessgerät</translation>
    </message>
    <message>
        <location filename="../widgets/scan_viewer.py" line="474" />
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
    <name>SpectrumPlot</name>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="35" />
        <source>Gamma spectrum</source>
        <translation>Gammaspektrum</translation>
    </message>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="61" />
        <source>Energy (keV)</source>
        <translation>Energie (keV)</translation>
    </message>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="64" />
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="65" />
        <source>counts in %1 s live time</source>
        <translation>Impulse in %1 s Messzeit</translation>
    </message>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="66" />
        <source>counts</source>
        <translation>Impulse</translation>
    </message>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="75" />
        <source>Identified by the instrument: %1</source>
        <translation>Vom Gerät identifiziert: %1</translation>
    </message>
    <message>
        <location filename="../widgets/spectrum_plot.py" line="79" />
        <source>No nuclide identified by the instrument</source>
        <translation>Kein Nuklid vom Gerät identifiziert</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../windows/supervisor.py" line="99" />
        <source>Inspection Workstation — review — %1</source>
        <translation>Kontrollarbeitsplatz — Prüfung — %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="104" />
        <location filename="../windows/supervisor.py" line="136" />
        <location filename="../windows/supervisor.py" line="406" />
        <source>Lane</source>
        <translation>Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="105" />
        <source>Lane filter</source>
        <translation>Kontrollspurfilter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="107" />
        <location filename="../windows/supervisor.py" line="136" />
        <location filename="../windows/supervisor.py" line="407" />
        <source>Officer</source>
        <translation>Beamter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="108" />
        <source>Officer filter</source>
        <translation>Beamtenfilter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="110" />
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="111" />
        <source>Any time</source>
        <translation>Beliebiger Zeitraum</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="111" />
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="112" />
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="112" />
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="115" />
        <source>Result code filter</source>
        <translation>Ergebniscodefilter</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="116" />
        <source>All results</source>
        <translation>Alle Ergebnisse</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="119" />
        <source>Irregular only</source>
        <translation>Nur Unregelmäßigkeiten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="120" />
        <source>Returned before</source>
        <translation>Bereits zurückgegeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="121" />
        <source>Apply filters</source>
        <translation>Filter anwenden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="136" />
        <location filename="../windows/supervisor.py" line="409" />
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="136" />
        <source>Waiting</source>
        <translation>Wartet seit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="137" />
        <location filename="../windows/supervisor.py" line="410" />
        <source>Referral</source>
        <translation>Kontrollanordnung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="137" />
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="137" />
        <location filename="../windows/supervisor.py" line="413" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="138" />
        <source>Irregularity</source>
        <translation>Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="138" />
        <source>Four eyes</source>
        <translation>Vier-Augen-Prinzip</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="139" />
        <source>Controls awaiting review</source>
        <translation>Kontrollen, die auf Prüfung warten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="151" />
        <source>Controls awaiting review (oldest first)</source>
        <translation>Kontrollen, die auf Prüfung warten (älteste zuerst)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="160" />
        <source>Control dossier</source>
        <translation>Kontrollakte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="162" />
        <location filename="../windows/supervisor.py" line="192" />
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="164" />
        <source>Scans of the control</source>
        <translation>Durchleuchtungen der Kontrolle</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="189" />
        <source>Dossier</source>
        <translation>Akte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="191" />
        <source>Scans</source>
        <translation>Durchleuchtungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="195" />
        <source>Comment for the officer (required to return the control)</source>
        <translation>Kommentar für den Beamten (zum Zurückgeben der Kontrolle erforderlich)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="197" />
        <source>Review comment</source>
        <translation>Prüfkommentar</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="199" />
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="202" />
        <source>Return with comment</source>
        <translation>Mit Kommentar zurückgeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="273" />
        <source>&amp;Review</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="274" />
        <source>Refresh the queue</source>
        <translation>Liste aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="268" />
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="190" />
        <source>Readings and plates</source>
        <translation>Messungen und Kennzeichen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="212" />
        <source>Second opinion: recorded with the control and exported with its result</source>
        <translation>Zweitmeinung: wird mit der Kontrolle gespeichert und mit ihrem Ergebnis exportiert</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="214" />
        <source>Second-opinion note</source>
        <translation>Zweitmeinung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="215" />
        <source>Add second opinion</source>
        <translation>Zweitmeinung hinzufügen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="243" />
        <source>Figures</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="267" />
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="278" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="279" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="291" />
        <source>You opened this control: another supervisor must review it.</source>
        <translation>Sie haben diese Kontrolle eröffnet: ein anderer Vorgesetzter muss sie prüfen.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="293" />
        <source>This control was handed over to you: another supervisor must review it.</source>
        <translation>Diese Kontrolle wurde Ihnen übergeben: ein anderer Vorgesetzter muss sie prüfen.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="295" />
        <source>You recorded this control's result: another supervisor must review it.</source>
        <translation>Sie haben das Ergebnis dieser Kontrolle erfasst: ein anderer Vorgesetzter muss sie prüfen.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="301" />
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="303" />
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="304" />
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="331" />
        <source>random control</source>
        <translation>Zufallskontrolle</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="332" />
        <source> (returned before)</source>
        <translation> (bereits zurückgegeben)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="333" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="333" />
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="344" />
        <source>1 control awaiting review</source>
        <translation>1 Kontrolle wartet auf Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="345" />
        <source>%1 controls awaiting review</source>
        <translation>%1 Kontrollen warten auf Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="372" />
        <source>Choose a control in the queue.</source>
        <translation>Wählen Sie eine Kontrolle in der Liste.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="383" />
        <source>Scan %1</source>
        <translation>Durchleuchtung %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="385" />
        <source>incomplete: %1</source>
        <translation>unvollständig: %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="394" />
        <source>This control is %1: only closed controls are reviewed.</source>
        <translation>Diese Kontrolle ist %1: nur abgeschlossene Kontrollen werden geprüft.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="405" />
        <source>Control %1</source>
        <translation>Kontrolle %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="408" />
        <source>Opened</source>
        <translation>Eröffnet</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="411" />
        <source>Random control (no referral)</source>
        <translation>Zufallskontrolle (keine Kontrollanordnung)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="412" />
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="414" />
        <source>irregularity</source>
        <translation>Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="415" />
        <source>Control types</source>
        <translation>Kontrollarten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="416" />
        <source>Minutes spent</source>
        <translation>Aufgewendete Minuten</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="417" />
        <source>Remarks</source>
        <translation>Bemerkungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="418" />
        <source>Seizures</source>
        <translation>Beschlagnahmen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="419" />
        <source>Returned before with</source>
        <translation>Bereits zurückgegeben mit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="420" />
        <source>Findings</source>
        <translation>Feststellungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="421" />
        <location filename="../windows/supervisor.py" line="558" />
        <location filename="../windows/supervisor.py" line="579" />
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="422" />
        <source>Readings</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="423" />
        <source>alarms</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="424" />
        <location filename="../windows/supervisor.py" line="554" />
        <source>Plate and container reads</source>
        <translation>Kennzeichen- und Containerlesungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="440" />
        <source>Risk profiles</source>
        <translation>Risikoprofile</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="441" />
        <source>Instructions</source>
        <translation>Anweisungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="442" />
        <source>Goods</source>
        <translation>Waren</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="466" />
        <source>accepted</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="466" />
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="467" />
        <source>undecided</source>
        <translation>nicht entschieden</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="498" />
        <location filename="../windows/supervisor.py" line="562" />
        <source>corrected by the officer to %1</source>
        <translation>vom Beamten korrigiert zu %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="241" />
        <location filename="../windows/supervisor.py" line="506" />
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="507" />
        <source>Closed before the review policy was recorded.</source>
        <translation>Abgeschlossen, bevor die Prüfregel aufgezeichnet wurde.</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="508" />
        <source>Approved by the policy (no supervisor)</source>
        <translation>Durch die Prüfregel genehmigt (ohne Vorgesetzten)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="509" />
        <source>Approved by %1</source>
        <translation>Genehmigt von %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="510" />
        <source>Second opinions</source>
        <translation>Zweitmeinungen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="513" />
        <source>sent to review: the result is an irregularity</source>
        <translation>zur Prüfung: das Ergebnis ist eine Unregelmäßigkeit</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="514" />
        <source>sent to review: the officer rejected an alarm</source>
        <translation>zur Prüfung: der Beamte hat einen Alarm verworfen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="515" />
        <source>sent to review: returned before, now corrected</source>
        <translation>zur Prüfung: zuvor zurückgegeben, jetzt berichtigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="516" />
        <source>sent to review: the post reviews every control</source>
        <translation>zur Prüfung: die Zollstelle prüft jede Kontrolle</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="517" />
        <source>sent to review: drawn at random (%1 % of regular controls)</source>
        <translation>zur Prüfung: zufällig gezogen (%1 % der regulären Kontrollen)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="518" />
        <source>approved by the post's review policy: not drawn for review (%1 % of regular controls are)</source>
        <translation>durch die Prüfregel der Zollstelle genehmigt: nicht zur Prüfung gezogen (%1 % der regulären Kontrollen werden gezogen)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="527" />
        <source>draw %1</source>
        <translation>Los %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="575" />
        <source>Handheld readings</source>
        <translation>Messungen der Handgeräte</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="567" />
        <source>Loading the frame…</source>
        <translation>Bild wird geladen…</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="568" />
        <location filename="../windows/supervisor.py" line="639" />
        <source>No frame stored (none taken, or purged by retention)</source>
        <translation>Kein Bild gespeichert (keines aufgenommen oder nach Aufbewahrungsfrist gelöscht)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="569" />
        <source>Camera frame of the plate read</source>
        <translation>Kamerabild der Kennzeichenlesung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="596" />
        <source>Alarms: %1</source>
        <translation>Alarme: %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="609" />
        <source>The instrument's document cannot be drawn: %1</source>
        <translation>Das Dokument des Geräts kann nicht dargestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="616" />
        <source>radionuclide identifier</source>
        <translation>Radionuklid-Identifikator</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="617" />
        <source>substance identifier</source>
        <translation>Substanz-Identifikator</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="618" />
        <source>density meter</source>
        <translation>Dichtemessgerät</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="618" />
        <source>barcode reader</source>
        <translation>Barcodeleser</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="622" />
        <source>Number plate</source>
        <translation>Kennzeichen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="623" />
        <source>Container code</source>
        <translation>Containernummer</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="626" />
        <source>Documentary</source>
        <translation>Dokumentenprüfung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="626" />
        <source>Physical</source>
        <translation>Beschau</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="627" />
        <source>Scan (NII)</source>
        <translation>Scan (NII)</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="627" />
        <source>Radiation</source>
        <translation>Strahlung</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="628" />
        <source>Sample</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="654" />
        <source>The camera frame this reading was made on</source>
        <translation>Das Kamerabild, auf dem diese Erkennung gemacht wurde</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="677" />
        <source>Loading the stored scan…</source>
        <translation>Gespeicherte Durchleuchtung wird geladen…</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="708" />
        <source>Second opinion recorded</source>
        <translation>Zweitmeinung gespeichert</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="713" />
        <source>Control approved</source>
        <translation>Kontrolle genehmigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="714" />
        <source>Control returned to the officer</source>
        <translation>Kontrolle an den Beamten zurückgegeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="717" />
        <source>Not approved</source>
        <translation>Nicht genehmigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="718" />
        <source>Not returned</source>
        <translation>Nicht zurückgegeben</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="719" />
        <source>Queue not loaded</source>
        <translation>Warteschlange nicht geladen</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="720" />
        <source>Dossier not opened</source>
        <translation>Akte nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="721" />
        <source>Scan not shown</source>
        <translation>Bild nicht angezeigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="722" />
        <source>Frame not shown</source>
        <translation>Bild nicht angezeigt</translation>
    </message>
    <message>
        <location filename="../windows/supervisor.py" line="723" />
        <source>Second opinion not recorded</source>
        <translation>Zweitmeinung nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>TechnicianWindow</name>
    <message>
        <location filename="../windows/technician.py" line="76" />
        <location filename="../windows/technician.py" line="577" />
        <source>Technician</source>
        <translation>Techniker(in)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="112" />
        <location filename="../windows/technician.py" line="576" />
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="112" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="113" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="576" />
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="576" />
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="332" />
        <location filename="../windows/technician.py" line="461" />
        <location filename="../windows/technician.py" line="577" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="486" />
        <source>RIID check source</source>
        <translation>RIID-Prüfstrahler</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="488" />
        <source>Place the check source at its marked position in front of the instrument, then start the measurement.</source>
        <translation>Legen Sie den Prüfstrahler an seine markierte Stelle vor dem Gerät und starten Sie dann die Messung.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="493" />
        <source>Measure the check source</source>
        <translation>Prüfstrahler messen</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="502" />
        <source>counts</source>
        <translation>Impulse</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="507" />
        <source>Lane camera</source>
        <translation>Kamera der Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="512" />
        <source>Check the camera</source>
        <translation>Kamera prüfen</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="528" />
        <source>Measuring …</source>
        <translation>Messung läuft …</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="533" />
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="534" />
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="535" />
        <location filename="../windows/technician.py" line="555" />
        <source>✔ PASSED</source>
        <translation>✔ BESTANDEN</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="535" />
        <location filename="../windows/technician.py" line="555" />
        <source>✖ FAILED</source>
        <translation>✖ NICHT BESTANDEN</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="537" />
        <source>%1 — expected nuclide %2, identified %3. %4</source>
        <translation>%1 — erwartetes Nuklid %2, erkannt %3. %4</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="546" />
        <source>energy (keV)</source>
        <translation>Energie (keV)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="547" />
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="561" />
        <source>focus (variance of the Laplacian)</source>
        <translation>Schärfe (Varianz des Laplace-Operators)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="563" />
        <source>exposure (mean grey)</source>
        <translation>Belichtung (mittlerer Grauwert)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="565" />
        <source>clipped pixels (%)</source>
        <translation>übersteuerte Pixel (%)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="567" />
        <source>plate reads successful (%)</source>
        <translation>erfolgreiche Kennzeichenlesungen (%)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="578" />
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="463" />
        <location filename="../windows/technician.py" line="580" />
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="83" />
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="84" />
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="85" />
        <source>Image quality</source>
        <translation>Bildqualität</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="86" />
        <source>Equivalence</source>
        <translation>Gleichwertigkeit</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="87" />
        <source>Handheld and camera</source>
        <translation>Handgeräte und Kamera</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="88" />
        <source>On record</source>
        <translation>Aufgezeichnet</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="90" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="112" />
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="113" />
        <source>Available today</source>
        <translation>Heute verfügbar</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="114" />
        <source>Last problem</source>
        <translation>Letztes Problem</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="119" />
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="122" />
        <source>Reason for taking the device out of service</source>
        <translation>Grund für die Außerbetriebnahme des Geräts</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="123" />
        <source>Take out of service</source>
        <translation>Außer Betrieb nehmen</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="125" />
        <source>Back in service</source>
        <translation>Wieder in Betrieb</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="130" />
        <source>Health per day (UTC) of the selected device</source>
        <translation>Zustand pro Tag (UTC) des gewählten Geräts</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="133" />
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="133" />
        <source>Connects</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="133" />
        <source>Losses</source>
        <translation>Ausfälle</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="134" />
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="134" />
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="140" />
        <source>OUT OF SERVICE: %1</source>
        <translation>AUSSER BETRIEB: %1</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="141" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="141" />
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="142" />
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="142" />
        <source>DISCONNECTED</source>
        <translation>GETRENNT</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="143" />
        <source>disabled</source>
        <translation>abgeschaltet</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="143" />
        <source>not reported yet</source>
        <translation>noch nicht gemeldet</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="154" />
        <source>serial %1, firmware %2</source>
        <translation>Seriennummer %1, Firmware %2</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="156" />
        <source> (simulated)</source>
        <translation> (simuliert)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="195" />
        <source>Reconnecting %1</source>
        <translation>%1 wird neu verbunden</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="200" />
        <source>Select a device first.</source>
        <translation>Wählen Sie zuerst ein Gerät.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="212" />
        <location filename="../windows/technician.py" line="312" />
        <location filename="../windows/technician.py" line="459" />
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="215" />
        <source>Start calibration</source>
        <translation>Kalibrierung starten</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="220" />
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="224" />
        <source>1. Dark: beam off, the detector's offset is measured.</source>
        <translation>1. Dunkelbild: Strahl aus, der Offset des Detektors wird gemessen.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="225" />
        <source>2. Flat: tunnel empty, open beam: the detector's gain is measured.</source>
        <translation>2. Hellbild: Tunnel leer, offener Strahl: die Verstärkung des Detektors wird gemessen.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="226" />
        <source>3. Bad pixels: dead, hot and noisy pixels and dead lines are found; the run is judged against its limits.</source>
        <translation>3. Fehlerhafte Pixel: tote, heiße und rauschende Pixel und tote Zeilen werden gefunden; der Lauf wird an seinen Grenzwerten gemessen.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="231" />
        <location filename="../windows/technician.py" line="271" />
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="239" />
        <location filename="../windows/technician.py" line="331" />
        <location filename="../windows/technician.py" line="519" />
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="239" />
        <location filename="../windows/technician.py" line="519" />
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="239" />
        <location filename="../windows/technician.py" line="332" />
        <location filename="../windows/technician.py" line="519" />
        <source>Limit</source>
        <translation>Grenzwert</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="240" />
        <source>Change from previous run</source>
        <translation>Änderung zum vorigen Lauf</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="256" />
        <source>This lane has no RIID.</source>
        <translation>Diese Kontrollspur hat kein RIID.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="258" />
        <source>This lane has no camera.</source>
        <translation>Diese Kontrollspur hat keine Kamera.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="268" />
        <location filename="../windows/technician.py" line="354" />
        <source>This lane has no x-ray scanner.</source>
        <translation>Diese Kontrollspur hat keinen Röntgenscanner.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="272" />
        <source>Calibrating %1 …</source>
        <translation>%1 wird kalibriert …</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="280" />
        <source>running …</source>
        <translation>läuft …</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="280" />
        <source>✔ done</source>
        <translation>✔ erledigt</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="286" />
        <source>✔ Calibration accepted and in force (%1)</source>
        <translation>✔ Kalibrierung angenommen und in Kraft (%1)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="290" />
        <source>flat too weak (beam on? shutter open?)</source>
        <translation>Hellbild zu schwach (Strahl an? Verschluss offen?)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="291" />
        <source>flat saturated</source>
        <translation>Hellbild übersteuert</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="292" />
        <source>dark too high (light leak?)</source>
        <translation>Dunkelbild zu hell (Lichteinfall?)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="293" />
        <source>too many bad pixels</source>
        <translation>zu viele fehlerhafte Pixel</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="294" />
        <source>too many dead detector lines</source>
        <translation>zu viele tote Detektorzeilen</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="295" />
        <source>too many neighbouring bad pixels to repair</source>
        <translation>zu viele benachbarte fehlerhafte Pixel zum Ausbessern</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="297" />
        <source>✖ Calibration REFUSED: %1. The previous calibration stays in force.</source>
        <translation>✖ Kalibrierung ABGELEHNT: %1. Die vorige Kalibrierung bleibt in Kraft.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="317" />
        <source>Run the daily test</source>
        <translation>Täglichen Test starten</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="320" />
        <source>Certificate (PDF) …</source>
        <translation>Zertifikat (PDF) …</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="326" />
        <source>No test on record yet.</source>
        <translation>Noch kein Test aufgezeichnet.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="331" />
        <source>Metric</source>
        <translation>Messgröße</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="331" />
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="336" />
        <source>Trend of</source>
        <translation>Verlauf von</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="357" />
        <source>Scanning the test piece on %1 …</source>
        <translation>Prüfkörper wird auf %1 gescannt …</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="369" />
        <source>✔ %1 PASSED the image-quality test of %2</source>
        <translation>✔ %1 hat den Bildqualitätstest vom %2 BESTANDEN</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="373" />
        <source>✖ %1 FAILED the image-quality test of %2: %3</source>
        <translation>✖ %1 hat den Bildqualitätstest vom %2 NICHT BESTANDEN: %3</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="377" />
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="377" />
        <source>FAIL</source>
        <translation>NICHT BESTANDEN</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="401" />
        <source>No image-quality test of %1 in the last 24 hours.</source>
        <translation>Kein Bildqualitätstest von %1 in den letzten 24 Stunden.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="429" />
        <source>limit</source>
        <translation>Grenzwert</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="441" />
        <source>Save certificate</source>
        <translation>Zertifikat speichern</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="453" />
        <source>Latest test of every scanner in the record. A scanner falls behind on a metric it fails, or where its margin over the limit is below 80 % of the median of the other scanners of its class.</source>
        <translation>Letzter Test jedes aufgezeichneten Scanners. Ein Scanner fällt bei einer Messgröße zurück, die er nicht besteht, oder bei der sein Abstand zum Grenzwert unter 80 % des Medians der anderen Scanner seiner Klasse liegt.</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="459" />
        <source>Lane</source>
        <translation>Kontrollspur</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="460" />
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="460" />
        <source>Tested</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="461" />
        <source>Falls behind on</source>
        <translation>Fällt zurück bei</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="472" />
        <source> (failed)</source>
        <translation> (nicht bestanden)</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="475" />
        <source>no test in the last 24 hours</source>
        <translation>kein Test in den letzten 24 Stunden</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="477" />
        <location filename="../windows/technician.py" line="592" />
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="477" />
        <location filename="../windows/technician.py" line="592" />
        <source>FAILED</source>
        <translation>NICHT BESTANDEN</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="624" />
        <source>Certificate written to %1</source>
        <translation>Zertifikat geschrieben nach %1</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="639" />
        <source>✖ Calibration failed: %1</source>
        <translation>✖ Kalibrierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../windows/technician.py" line="642" />
        <source>✖ The test could not run: %1</source>
        <translation>✖ Der Test konnte nicht laufen: %1</translation>
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
        <location filename="../windows/office.py" line="73" />
        <source>Inspection Workstation — %1</source>
        <translation>Kontrollarbeitsplatz — %1</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="82" />
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <location filename="../windows/office.py" line="83" />
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