/**
 * Everything the portal keeps, behind one module: the SQLite database (units, hashed tokens, submissions with every
 * version, findings, the audit log) and the uploaded files, stored by content hash beside it. Nothing else in the
 * portal sees SQL or builds a path from what a client sent.
 *
 * Crash safety: a file is written to a temporary name, fsynced and renamed to its hash before the one transaction
 * that records the submission with its status and findings. A kill at any point leaves either no row (an orphan
 * file at most) or a complete row whose file is whole; SQLite's rollback journal undoes a half-done transaction.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import { openDatabase, type Database } from './sqlite.js';

export type SubmissionStatus = 'failed' | 'needs_explanation' | 'accepted' | 'returned';

/** The Chinese word the pages show for each status (the English code stays in the API). */
export const statusLabel: Record<SubmissionStatus | 'none', string> = {
  none: '未报送',
  failed: '未通过',
  needs_explanation: '待说明',
  accepted: '已报送',
  returned: '已退回',
};

export interface Unit {
  id: number;
  name: string;
  code?: string;
  region?: string;
}

export interface Submission {
  id: number;
  unitId: number;
  version: number;
  sha256: string;
  size: number;
  /** the client's file name, for display only: never a path */
  fileName: string;
  kind: string;
  /** false when the file could not be read at all */
  readable: boolean;
  receivedAt: string;
  status: SubmissionStatus;
  errors: number;
  warnings: number;
  explanation?: string;
  returnedNote?: string;
  returnedAt?: string;
}

export interface NewSubmission {
  unitId: number;
  bytes: Uint8Array;
  fileName: string;
  kind: string;
  readable: boolean;
  status: SubmissionStatus;
  findings: readonly Finding[];
  explanation?: string;
  receivedAt: Date;
}

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  code TEXT,
  region TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  readable INTEGER NOT NULL DEFAULT 1,
  received_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('failed', 'needs_explanation', 'accepted', 'returned')),
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  explanation TEXT,
  returned_note TEXT,
  returned_at TEXT,
  UNIQUE (unit_id, version)
);
CREATE TABLE IF NOT EXISTS findings (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  seq INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (submission_id, seq)
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
`;

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** 256 random bits, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toSubmission(r: Row): Submission {
  return {
    id: Number(r.id),
    unitId: Number(r.unit_id),
    version: Number(r.version),
    sha256: String(r.sha256),
    size: Number(r.size),
    fileName: String(r.file_name),
    kind: String(r.kind),
    readable: Number(r.readable) === 1,
    receivedAt: String(r.received_at),
    status: String(r.status) as SubmissionStatus,
    errors: Number(r.errors),
    warnings: Number(r.warnings),
    ...(str(r.explanation) !== undefined ? { explanation: str(r.explanation)! } : {}),
    ...(str(r.returned_note) !== undefined ? { returnedNote: str(r.returned_note)! } : {}),
    ...(str(r.returned_at) !== undefined ? { returnedAt: str(r.returned_at)! } : {}),
  };
}

function toUnit(r: Row): Unit {
  return {
    id: Number(r.id),
    name: String(r.name),
    ...(str(r.code) ? { code: str(r.code)! } : {}),
    ...(str(r.region) ? { region: str(r.region)! } : {}),
  };
}

export class PortalStore {
  private constructor(
    private readonly db: Database,
    readonly dir: string,
  ) {}

  /** The folder's lock: one server per data folder. A lock left by a killed server is taken over. */
  static async open(dir: string): Promise<PortalStore> {
    mkdirSync(path.join(dir, 'files'), { recursive: true });
    mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    takeFolderLock(dir);
    const dbFile = path.join(dir, 'portal.db');
    // the WASM VFS locks with a `<db>.lock` directory; a killed server leaves it behind, and it would make the
    // database busy forever. We hold the folder lock, so no live process owns it: remove it, and SQLite then rolls
    // back any hot journal on open.
    rmSync(`${dbFile}.lock`, { recursive: true, force: true });
    const db = await openDatabase(dbFile);
    db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    db.exec(schema);
    return new PortalStore(db, dir);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
    releaseFolderLock(this.dir);
  }

  /** `PRAGMA integrity_check` result ('ok' when sound). */
  integrity(): string {
    return String(this.db.get('PRAGMA integrity_check')?.integrity_check ?? '');
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  getMeta(key: string): string | undefined {
    return str(this.db.get('SELECT value FROM meta WHERE key = ?', [key])?.value);
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /** A new admin token (only its hash is kept); any earlier admin token stops working. */
  newAdminToken(): string {
    const token = newToken();
    this.setMeta('admin_token_hash', sha256(token));
    this.audit('system', 'admin_token_created', '');
    return token;
  }

  isAdminToken(token: string): boolean {
    const stored = this.getMeta('admin_token_hash');
    return stored !== undefined && hashesEqual(stored, sha256(token));
  }

  /**
   * Adds the roster's units that are new (matched by name); returns their tokens, which exist in clear only here.
   * Units already known keep their tokens: a link once sent stays valid.
   */
  addUnits(units: readonly { name: string; code?: string; region?: string }[], now: Date): { unit: Unit; token: string }[] {
    return this.transaction(() => {
      const added: { unit: Unit; token: string }[] = [];
      for (const u of units) {
        if (this.db.get('SELECT id FROM units WHERE name = ?', [u.name])) continue;
        const token = newToken();
        const r = this.db.run('INSERT INTO units (name, code, region, token_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
          u.name,
          u.code ?? null,
          u.region ?? null,
          sha256(token),
          now.toISOString(),
        ]);
        const unit: Unit = { id: Number(r.lastInsertRowid), name: u.name, ...(u.code ? { code: u.code } : {}), ...(u.region ? { region: u.region } : {}) };
        this.db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [now.toISOString(), 'system', 'unit_added', u.name]);
        added.push({ unit, token });
      }
      return added;
    });
  }

  /** The unit a token belongs to; the lookup is by hash and the stored hash is compared in constant time. */
  unitByToken(token: string): Unit | undefined {
    const hash = sha256(token);
    const row = this.db.get('SELECT * FROM units WHERE token_hash = ?', [hash]);
    if (!row || !hashesEqual(String(row.token_hash), hash)) return undefined;
    return toUnit(row);
  }

  units(): Unit[] {
    return this.db.all('SELECT * FROM units ORDER BY id').map(toUnit);
  }

  unit(id: number): Unit | undefined {
    const row = this.db.get('SELECT * FROM units WHERE id = ?', [id]);
    return row ? toUnit(row) : undefined;
  }

  /** Stores the file by its hash (durably) and records the submission, its findings and the audit line at once. */
  addSubmission(s: NewSubmission): Submission {
    const hash = sha256(s.bytes);
    this.storeFile(hash, s.bytes);
    return this.transaction(() => {
      const version = Number(this.db.get('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM submissions WHERE unit_id = ?', [s.unitId])!.v);
      const errors = s.findings.filter((f) => f.severity === 'error').length;
      const warnings = s.findings.filter((f) => f.severity === 'warning').length;
      const r = this.db.run(
        `INSERT INTO submissions (unit_id, version, sha256, size, file_name, kind, readable, received_at, status, errors, warnings, explanation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [s.unitId, version, hash, s.bytes.length, s.fileName, s.kind, s.readable ? 1 : 0, s.receivedAt.toISOString(), s.status, errors, warnings, s.explanation ?? null],
      );
      const id = Number(r.lastInsertRowid);
      const insert = this.db.prepare('INSERT INTO findings (submission_id, seq, json) VALUES (?, ?, ?)');
      try {
        s.findings.forEach((f, i) => insert.run([id, i, JSON.stringify(f)]));
      } finally {
        insert.finalize();
      }
      this.db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [
        s.receivedAt.toISOString(),
        `unit:${s.unitId}`,
        'submitted',
        JSON.stringify({ version, sha256: hash, status: s.status }),
      ]);
      return this.submission(id)!;
    });
  }

  submission(id: number): Submission | undefined {
    const row = this.db.get('SELECT * FROM submissions WHERE id = ?', [id]);
    return row ? toSubmission(row) : undefined;
  }

  submissionOf(unitId: number, version: number): Submission | undefined {
    const row = this.db.get('SELECT * FROM submissions WHERE unit_id = ? AND version = ?', [unitId, version]);
    return row ? toSubmission(row) : undefined;
  }

  /** Every version of a unit, newest first. */
  history(unitId: number): Submission[] {
    return this.db.all('SELECT * FROM submissions WHERE unit_id = ? ORDER BY version DESC', [unitId]).map(toSubmission);
  }

  allSubmissions(): Submission[] {
    return this.db.all('SELECT * FROM submissions ORDER BY id').map(toSubmission);
  }

  findings(submissionId: number): Finding[] {
    return this.db
      .all('SELECT json FROM findings WHERE submission_id = ? ORDER BY seq', [submissionId])
      .map((r) => JSON.parse(String(r.json)) as Finding);
  }

  /** A version with warnings becomes accepted once the unit explains them. */
  explain(submissionId: number, explanation: string, now: Date): Submission {
    return this.transaction(() => {
      this.db.run(`UPDATE submissions SET status = 'accepted', explanation = ? WHERE id = ? AND status = 'needs_explanation'`, [explanation, submissionId]);
      this.db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [now.toISOString(), 'unit', 'explained', String(submissionId)]);
      return this.submission(submissionId)!;
    });
  }

  /** The office sends a version back with a note the unit sees. */
  returnSubmission(submissionId: number, note: string, now: Date): Submission {
    return this.transaction(() => {
      this.db.run(`UPDATE submissions SET status = 'returned', returned_note = ?, returned_at = ? WHERE id = ?`, [note, now.toISOString(), submissionId]);
      this.db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [now.toISOString(), 'admin', 'returned', JSON.stringify({ submissionId, note })]);
      return this.submission(submissionId)!;
    });
  }

  audit(actor: string, action: string, detail: string, now = new Date()): void {
    this.db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [now.toISOString(), actor, action, detail]);
  }

  auditLog(): { at: string; actor: string; action: string; detail: string }[] {
    return this.db.all('SELECT at, actor, action, detail FROM audit ORDER BY id').map((r) => ({
      at: String(r.at),
      actor: String(r.actor),
      action: String(r.action),
      detail: String(r.detail),
    }));
  }

  /** The stored file of a submission: its path is made from the hash alone. */
  filePath(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`bad hash ${hash}`);
    return path.join(this.dir, 'files', hash.slice(0, 2), hash);
  }

  readFile(hash: string): Buffer {
    return readFileSync(this.filePath(hash));
  }

  /** A private temporary folder under the data folder (for checking and consolidating). */
  tempDir(): string {
    const dir = path.join(this.dir, 'tmp', randomBytes(8).toString('hex'));
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private storeFile(hash: string, bytes: Uint8Array): void {
    const target = this.filePath(hash);
    if (existsSync(target) && sha256(readFileSync(target)) === hash) return;
    mkdirSync(path.dirname(target), { recursive: true });
    const tmp = path.join(this.dir, 'tmp', `${hash}.${randomBytes(4).toString('hex')}.part`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  }
}

const lockName = 'serve.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

export class FolderInUseError extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
}

function takeFolderLock(dir: string): void {
  const file = path.join(dir, lockName);
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new FolderInUseError(`数据目录“${dir}”正被另一个 nianbao serve 进程（PID ${pid}）使用；同一目录只能运行一个门户。`);
    }
  }
  writeFileSync(file, `${process.pid}\n`);
  // leftovers of uploads cut short by a kill
  rmSync(path.join(dir, 'tmp'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
}

function releaseFolderLock(dir: string): void {
  const file = path.join(dir, lockName);
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}
