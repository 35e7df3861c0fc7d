/** Archives a unit may send its table in: nianbao does not open them, and says so for each (`ARCHIVE_NOT_OPENED`). */
export const archiveExtensions: readonly string[] = ['.zip', '.rar', '.7z'];
