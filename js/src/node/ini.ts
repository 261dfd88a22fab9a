// The AWS shared config and credentials files, as the SDKs read them:
// `[default]` and `[profile NAME]` sections in the config file, `[NAME]` in
// the credentials file; `#` or `;` at a line's start or after whitespace
// begins a comment; a key with an empty value opens a block of indented
// sub-keys (service settings), which credentials never use and we skip.

export type Profile = ReadonlyMap<string, string>;
export type Profiles = ReadonlyMap<string, Profile>;

/** The section name as a profile name, or undefined for sections that are not profiles. */
function profileName(section: string, file: "config" | "credentials"): string | undefined {
  if (file === "credentials") return section;
  if (section === "default") return "default";
  const match = /^profile\s+(["']?)(.+)\1$/.exec(section);
  return match ? match[2]!.trim() : undefined; // sso-session, services, bare names: not profiles
}

/** Profiles by name; a name seen twice merges, later keys winning. */
export function parseIni(text: string, file: "config" | "credentials"): Profiles {
  const profiles = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let inBlock = false; // inside the indented sub-keys of `key =`
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[#;]/)[0]!.trim();
    if (line === "") continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      inBlock = false;
      const name = profileName(line.slice(1, -1).trim(), file);
      if (name === undefined || name === "") {
        current = undefined;
      } else {
        current = profiles.get(name) ?? new Map<string, string>();
        profiles.set(name, current);
      }
      continue;
    }
    if (current === undefined) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const indented = /^\s/.test(raw);
    if (inBlock && indented) continue;
    inBlock = value === "";
    if (!inBlock) current.set(key, value);
  }
  return profiles;
}
