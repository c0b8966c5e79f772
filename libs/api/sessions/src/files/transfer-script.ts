/**
 * The one program file transfers run in a session's container: `/bin/sh -c SCRIPT` with the
 * visitor's folder names and file name as separate argv entries (never spliced into the script),
 * run by `docker exec` as the session's user (see container-path `transferUser`). POSIX sh plus
 * id, mktemp, head -c, stat -c, chmod and mv -T: busybox (the tiny image) and coreutils (desktop).
 *
 * It walks from the home one folder at a time: each name must exist, be a folder and not be a
 * symbolic link, and after each `cd -P` the physical working directory must be exactly the home
 * plus the names walked (a link swapped in between the check and the `cd` is caught there). The
 * last step then uses a name without a slash relative to that directory:
 *  - put: refuses a symbolic link or anything but a regular file at the name; writes stdin (at most
 *    max bytes) to a fresh mktemp file beside it, chmod 0644, then renames it over the name with
 *    `mv -T` (rename(2) replaces a name, it never writes through a link or into a folder);
 *  - get: refuses a symbolic link, anything but a regular file, or one over max bytes; prints
 *    `CASTER-FILE <size>\n` and then exactly that many bytes of the file.
 */

/** Exit codes of the script; anything else means the image cannot run it. */
export const TRANSFER_EXIT = {
  ROOT: 80,
  NO_HOME: 81,
  LINK: 82,
  MISSING: 83,
  NOT_A_FOLDER: 84,
  DENIED: 85,
  NOT_A_FILE: 86,
  TOO_LARGE: 87,
  WRITE_FAILED: 88,
} as const;

const X = TRANSFER_EXIT;

export const TRANSFER_SCRIPT = `unset CDPATH
mode=$1 home=$2 max=$3 name=$4
shift 4
[ "$(id -u)" != 0 ] || exit ${X.ROOT}
cd -P -- "$home" 2>/dev/null || exit ${X.NO_HOME}
[ "$(pwd -P)" = "$home" ] || exit ${X.LINK}
want=$home
for c in "$@"; do
  if [ -L "./$c" ]; then exit ${X.LINK}; fi
  if [ ! -e "./$c" ]; then exit ${X.MISSING}; fi
  if [ ! -d "./$c" ]; then exit ${X.NOT_A_FOLDER}; fi
  cd -P -- "./$c" 2>/dev/null || exit ${X.DENIED}
  want=$want/$c
  [ "$(pwd -P)" = "$want" ] || exit ${X.LINK}
done
t=./$name
if [ -L "$t" ]; then exit ${X.LINK}; fi
if [ "$mode" = put ]; then
  if [ -e "$t" ] && [ ! -f "$t" ]; then exit ${X.NOT_A_FILE}; fi
  tmp=$(mktemp ./.caster-upload.XXXXXX 2>/dev/null) || exit ${X.DENIED}
  if ! head -c $((max + 1)) > "$tmp"; then rm -f -- "$tmp"; exit ${X.WRITE_FAILED}; fi
  size=$(stat -c %s -- "$tmp") || { rm -f -- "$tmp"; exit ${X.WRITE_FAILED}; }
  if [ "$size" -gt "$max" ]; then rm -f -- "$tmp"; exit ${X.TOO_LARGE}; fi
  if ! { chmod 0644 -- "$tmp" && mv -f -T -- "$tmp" "$t"; }; then rm -f -- "$tmp"; exit ${X.WRITE_FAILED}; fi
  exit 0
fi
[ -e "$t" ] || exit ${X.MISSING}
[ -f "$t" ] || exit ${X.NOT_A_FILE}
[ -r "$t" ] || exit ${X.DENIED}
size=$(stat -c %s -- "$t") || exit ${X.DENIED}
[ "$size" -le "$max" ] || exit ${X.TOO_LARGE}
printf 'CASTER-FILE %s\\n' "$size"
exec head -c "$size" -- "$t"
`;

/** The first line a successful download prints before the file's bytes. */
export const DOWNLOAD_HEADER = /^CASTER-FILE (\d+)$/;

/** argv of an upload (`put`) or download (`get`): the script is constant, every input its own entry. */
export function transferArgv(
  mode: 'put' | 'get',
  home: string,
  folders: string[],
  name: string,
  maxBytes: number,
): string[] {
  return ['/bin/sh', '-c', TRANSFER_SCRIPT, 'caster-files', mode, home, String(maxBytes), name, ...folders];
}
