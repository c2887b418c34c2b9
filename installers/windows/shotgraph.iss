; Inno Setup 6 script: turns the PyInstaller folder dist\shotgraph\ into one setup .exe.
; Build the folder first (installers\README.md, "Windows"), then from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installers\windows\shotgraph.iss
; Output: dist\shotgraph-<version>-windows-x64-setup.exe
; It installs per user (no administrator rights needed; the wizard offers all users).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 installers\windows\shotgraph.iss
#endif

[Setup]
; AppId identifies the app to upgrades and the uninstaller: never change it.
AppId={{1E06AB9F-58FD-4CD2-97DD-6A5183504E34}
AppName=ShotGraph
AppVersion={#AppVersion}
AppPublisher=ShotGraph
DefaultDirName={autopf}\ShotGraph
DefaultGroupName=ShotGraph
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=shotgraph-{#AppVersion}-windows-x64-setup
UninstallDisplayIcon={app}\shotgraphw.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: shotgraph.exe (console: the CLI), shotgraphw.exe (no
; console: the editor) and _internal\.
Source: "dist\shotgraph\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\ShotGraph"; Filename: "{app}\shotgraphw.exe"
Name: "{autodesktop}\ShotGraph"; Filename: "{app}\shotgraphw.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\shotgraphw.exe"; Description: "{cm:LaunchProgram,ShotGraph}"; Flags: nowait postinstall skipifsilent
