/**
 * `npx mesa-de-partes hash-password` (or `npm run hash-password`): prints the scrypt hash of a
 * staff password, to write in STAFF_CREDENTIALS as `agencyId:user:<hash>`. The password is read
 * from stdin: typed twice without echo at a terminal, or the first line of a pipe
 * (`printf '%s\n' "$CLAVE" | npx mesa-de-partes hash-password`). Never from the command line,
 * where it would stay in the shell history and be visible to other users in the process list.
 */
import { hashPassword } from './passwords.ts';

export interface HashPasswordIo {
  stdin: NodeJS.ReadStream;
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo = (): HashPasswordIo => ({ stdin: process.stdin, out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });

/** Resolves to the exit code. */
export async function main(args: readonly string[], io: HashPasswordIo = defaultIo()): Promise<number> {
  if (args.length > 0) {
    io.err('Uso: mesa-de-partes hash-password\nLa contraseña se lee de la entrada estándar (no se escribe en la orden).\n');
    return 2;
  }
  let password: string;
  if (io.stdin.isTTY) {
    password = await promptHidden(io, 'Contraseña: ');
    const again = await promptHidden(io, 'Repita la contraseña: ');
    if (again !== password) {
      io.err('Las contraseñas no coinciden.\n');
      return 1;
    }
  } else {
    password = firstLine(await readAll(io.stdin));
  }
  if (password === '') {
    io.err('La contraseña está vacía.\n');
    return 1;
  }
  if (password.length < 12) io.err('Aviso: use una contraseña de al menos 12 caracteres.\n');
  io.out(`${await hashPassword(password)}\n`);
  return 0;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk;
  return text;
}

/** One line typed at the terminal, not echoed. */
function promptHidden(io: HashPasswordIo, prompt: string): Promise<string> {
  const { stdin } = io;
  io.err(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const done = (value: string | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      io.err('\n');
      if (value === null) reject(new Error('cancelado'));
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(typed);
        if (char === '\u0003' || char === '\u0004') return done(null); // Ctrl+C, Ctrl+D
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
