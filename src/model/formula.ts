/**
 * The formula teacher's expressions (concept `formula`): each output y_j,s is an expression in the earlier
 * tokens x[j-k] and unit directions u, v, w (u1…w9), for example `sin(3*dot(u, x[j-1])) * dot(v, x[j-2])`.
 * The text is parsed by mathjs (its parser only; nothing of mathjs evaluates it), then checked and compiled
 * here into a tree of small closures over numbers and d_in-vectors. So no string ever becomes code (no eval,
 * no Function: the page's CSP holds), and only what a teacher needs is allowed: numbers, pi and e, + − * /,
 * whole powers, the teacher activations, relu, abs, sign, min, max, dot and norm, tokens and directions.
 */
import { create, parseDependencies, type FactoryFunctionMap, type MathNode } from 'mathjs';
import { ACTIVATION_FNS } from './activations';

// Only the parser and what it needs: a smaller bundle, and nothing that evaluates.
const math = create({ parseDependencies } as FactoryFunctionMap);

/** Longest formula text a config may carry. */
export const MAX_FORMULA_LENGTH = 400;

/** The example the field starts from: a product of two tokens, outside the paper's additive class. */
export const DEFAULT_FORMULA = 'dot(u, x[j-1]) * dot(v, x[j-2])';

/** Direction names: u, v, w, optionally followed by one digit (u1, v2, …). */
const DIRECTION = /^[uvw][0-9]?$/;

const SCALAR_FUNCTIONS: Record<string, (x: number) => number> = {
  ...Object.fromEntries(Object.entries(ACTIVATION_FNS).map(([name, fn]) => [name, fn.f])),
  relu: (x) => (x > 0 ? x : 0),
  abs: Math.abs,
  sign: Math.sign,
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

/** Every function name a formula may call, for messages and the help text. */
export const FORMULA_FUNCTIONS: readonly string[] = [
  ...Object.keys(SCALAR_FUNCTIONS),
  'min',
  'max',
  'dot',
  'norm',
];

/** What a compiled formula reads and how to evaluate it. */
export interface FormulaProgram {
  text: string;
  dIn: number;
  /** Direction names in sorted order: the order their vectors are drawn and stored. */
  directions: string[];
  /** The k of every x[j-k] read, ascending. */
  offsets: number[];
  /** The i of every x[i] read at a fixed position, ascending. */
  positions: number[];
  /**
   * y_j,s for one sequence: `tokens` is x* (shape [L, d_in], row i-1 holds x*_i), `dirs` the directions of
   * output coordinate s in the order of `directions`.
   */
  evaluate(tokens: ArrayLike<number>, j: number, dirs: readonly ArrayLike<number>[]): number;
}

export type FormulaResult = { ok: true; program: FormulaProgram } | { ok: false; error: string };

interface Ctx {
  tokens: ArrayLike<number>;
  j: number;
  dirs: readonly ArrayLike<number>[];
}

type Scalar = { kind: 'scalar'; f: (c: Ctx) => number; constant: boolean };
type Vector = { kind: 'vector'; f: (c: Ctx) => Float64Array };
type Value = Scalar | Vector;

class FormulaError extends Error {}

/** The positions output j reads (each x[j-k] and x[i]), ascending and distinct. */
export function formulaReads(program: Pick<FormulaProgram, 'offsets' | 'positions'>, j: number): number[] {
  const set = new Set<number>([...program.offsets.map((k) => j - k), ...program.positions]);
  return [...set].sort((a, b) => a - b);
}

/** The outputs j in 1..L whose every read lies in 2..j-1 (the set J of a formula teacher). */
export function formulaTargets(program: Pick<FormulaProgram, 'offsets' | 'positions'>, L: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= L; j++) {
    const reads = formulaReads(program, j);
    if (reads.length > 0 && reads.every((i) => i >= 2 && i <= j - 1)) out.push(j);
  }
  return out;
}

function quote(node: MathNode): string {
  return `“${node.toString()}”`;
}

function unwrap(node: MathNode): MathNode {
  let n = node;
  while (n.type === 'ParenthesisNode') n = (n as unknown as { content: MathNode }).content;
  return n;
}

/** An integer constant, or null. */
function integerConstant(node: MathNode): number | null {
  const n = unwrap(node);
  if (n.type !== 'ConstantNode') return null;
  const v = (n as unknown as { value: unknown }).value;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

class Compiler {
  readonly directions = new Set<string>();
  readonly offsets = new Set<number>();
  readonly positions = new Set<number>();
  private directionIndex = new Map<string, number>();

  constructor(private readonly dIn: number) {}

  /** Fixes the direction order once all names are known; closures read the index map lazily. */
  finish(): string[] {
    const names = [...this.directions].sort();
    names.forEach((n, i) => this.directionIndex.set(n, i));
    return names;
  }

  scalar(node: MathNode, what: string): Scalar {
    const v = this.value(node);
    if (v.kind !== 'scalar') {
      throw new FormulaError(
        `${what} needs a number, but ${quote(node)} is a vector of d_in numbers; turn it into a number with dot(…, …), norm(…) or a coordinate such as x[j-1][1].`,
      );
    }
    return v;
  }

  vector(node: MathNode, what: string): Vector {
    const v = this.value(node);
    if (v.kind !== 'vector') {
      throw new FormulaError(
        `${what} needs a vector (a token such as x[j-1] or a direction u, v, w), but ${quote(node)} is a number.`,
      );
    }
    return v;
  }

  value(node: MathNode): Value {
    switch (node.type) {
      case 'ParenthesisNode':
        return this.value((node as unknown as { content: MathNode }).content);
      case 'ConstantNode':
        return this.constant(node);
      case 'SymbolNode':
        return this.symbol(node);
      case 'OperatorNode':
        return this.operator(node);
      case 'FunctionNode':
        return this.call(node);
      case 'AccessorNode':
        return this.accessor(node);
      default:
        throw new FormulaError(
          `${quote(node)} is not something a formula can contain; use numbers, tokens x[j-k], directions u, v, w, + − * / ^ and the functions ${FORMULA_FUNCTIONS.join(', ')}.`,
        );
    }
  }

  private constant(node: MathNode): Scalar {
    const v = (node as unknown as { value: unknown }).value;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new FormulaError(`${quote(node)} is not a number.`);
    return { kind: 'scalar', f: () => v, constant: true };
  }

  private symbol(node: MathNode): Value {
    const name = (node as unknown as { name: string }).name;
    if (name in CONSTANTS) {
      const v = CONSTANTS[name] as number;
      return { kind: 'scalar', f: () => v, constant: true };
    }
    if (DIRECTION.test(name)) {
      this.directions.add(name);
      const buf = new Float64Array(this.dIn);
      const dIn = this.dIn;
      const index = this.directionIndex;
      return {
        kind: 'vector',
        f: (c) => {
          const dir = c.dirs[index.get(name) as number] as ArrayLike<number>;
          for (let t = 0; t < dIn; t++) buf[t] = dir[t] as number;
          return buf;
        },
      };
    }
    if (name === 'x') throw new FormulaError('x is the whole sequence; read one token as x[j-1], x[j-2], ….');
    if (name === 'j')
      throw new FormulaError('j is the output’s position; use it only inside x[…], as in x[j-1].');
    if (name in SCALAR_FUNCTIONS || FORMULA_FUNCTIONS.includes(name))
      throw new FormulaError(`${name} is a function; call it, as in ${name}(dot(u, x[j-1])).`);
    throw new FormulaError(
      `unknown name “${name}”; a formula knows the tokens x[j-k], the directions u, v, w (or u1…w9), the constants pi and e, and the functions ${FORMULA_FUNCTIONS.join(', ')}.`,
    );
  }

  private operator(node: MathNode): Value {
    const op = node as unknown as { fn: string; op: string; args: MathNode[] };
    const [a, b] = op.args as [MathNode, MathNode | undefined];
    switch (op.fn) {
      case 'unaryPlus':
        return this.value(a);
      case 'unaryMinus': {
        const v = this.value(a);
        if (v.kind === 'scalar') return { kind: 'scalar', f: (c) => -v.f(c), constant: v.constant };
        return this.mapVector(v, (x) => -x);
      }
      case 'add':
      case 'subtract': {
        const sign = op.fn === 'add' ? 1 : -1;
        const x = this.value(a);
        const y = this.value(b as MathNode);
        if (x.kind === 'scalar' && y.kind === 'scalar')
          return { kind: 'scalar', f: (c) => x.f(c) + sign * y.f(c), constant: x.constant && y.constant };
        if (x.kind === 'vector' && y.kind === 'vector') {
          const buf = new Float64Array(this.dIn);
          return {
            kind: 'vector',
            f: (c) => {
              const p = x.f(c);
              for (let t = 0; t < buf.length; t++) buf[t] = p[t] as number;
              const q = y.f(c);
              for (let t = 0; t < buf.length; t++) buf[t] = (buf[t] as number) + sign * (q[t] as number);
              return buf;
            },
          };
        }
        throw new FormulaError(
          `${quote(node)} adds a number and a vector; take dot(…, …) of the vector first.`,
        );
      }
      case 'multiply': {
        const x = this.value(a);
        const y = this.value(b as MathNode);
        if (x.kind === 'scalar' && y.kind === 'scalar')
          return { kind: 'scalar', f: (c) => x.f(c) * y.f(c), constant: x.constant && y.constant };
        if (x.kind === 'vector' && y.kind === 'vector')
          throw new FormulaError(
            `${quote(node)} multiplies two vectors; write dot(a, b) for their inner product.`,
          );
        const s = (x.kind === 'scalar' ? x : y) as Scalar;
        const v = (x.kind === 'vector' ? x : y) as Vector;
        return this.scaleVector(v, s);
      }
      case 'divide': {
        const x = this.value(a);
        const y = this.scalar(b as MathNode, 'a divisor');
        if (!y.constant)
          throw new FormulaError(
            `${quote(node)} divides by something that depends on the tokens; divide only by a number (it could be 0).`,
          );
        const d = y.f({ tokens: [], j: 0, dirs: [] });
        if (d === 0 || !Number.isFinite(d)) throw new FormulaError(`${quote(node)} divides by 0.`);
        if (x.kind === 'scalar') return { kind: 'scalar', f: (c) => x.f(c) / d, constant: x.constant };
        return this.mapVector(x, (v) => v / d);
      }
      case 'pow': {
        const base = this.scalar(a, 'a power');
        const e = integerConstant(b as MathNode);
        if (e === null || e < 0 || e > 10)
          throw new FormulaError(
            `${quote(node)}: a power must be a whole number 0..10 (a fractional or negative power of a negative or zero number is not a real number).`,
          );
        return {
          kind: 'scalar',
          f: (c) => {
            const v = base.f(c);
            let r = 1;
            for (let k = 0; k < e; k++) r *= v;
            return r;
          },
          constant: base.constant,
        };
      }
      default:
        throw new FormulaError(
          `the operator “${op.op}” in ${quote(node)} is not supported; use + − * / and whole powers ^ (for a sign pattern, sign(…)).`,
        );
    }
  }

  private mapVector(v: Vector, g: (x: number) => number): Vector {
    const buf = new Float64Array(this.dIn);
    return {
      kind: 'vector',
      f: (c) => {
        const p = v.f(c);
        for (let t = 0; t < buf.length; t++) buf[t] = g(p[t] as number);
        return buf;
      },
    };
  }

  private scaleVector(v: Vector, s: Scalar): Vector {
    const buf = new Float64Array(this.dIn);
    return {
      kind: 'vector',
      f: (c) => {
        const k = s.f(c);
        const p = v.f(c);
        for (let t = 0; t < buf.length; t++) buf[t] = k * (p[t] as number);
        return buf;
      },
    };
  }

  private call(node: MathNode): Scalar {
    const fnNode = (node as unknown as { fn: MathNode }).fn;
    const args = (node as unknown as { args: MathNode[] }).args;
    const name = fnNode.type === 'SymbolNode' ? (fnNode as unknown as { name: string }).name : null;
    if (name === null || !FORMULA_FUNCTIONS.includes(name)) {
      throw new FormulaError(
        `unknown function ${name === null ? quote(fnNode) : `“${name}”`} in ${quote(node)}; use one of ${FORMULA_FUNCTIONS.join(', ')}.`,
      );
    }
    const arity = (n: number) => {
      if (args.length !== n)
        throw new FormulaError(
          `${name} takes ${n} argument${n === 1 ? '' : 's'}, but ${quote(node)} gives ${args.length}.`,
        );
    };
    if (name === 'dot') {
      arity(2);
      const x = this.vector(args[0] as MathNode, 'dot');
      const y = this.vector(args[1] as MathNode, 'dot');
      const dIn = this.dIn;
      return {
        kind: 'scalar',
        f: (c) => {
          // Each node owns its buffer, so p stays valid while y runs.
          const p = x.f(c);
          let s0 = 0;
          const q = y.f(c);
          for (let t = 0; t < dIn; t++) s0 += (p[t] as number) * (q[t] as number);
          return s0;
        },
        constant: false,
      };
    }
    if (name === 'norm') {
      arity(1);
      const x = this.vector(args[0] as MathNode, 'norm');
      return {
        kind: 'scalar',
        f: (c) => {
          const p = x.f(c);
          let s0 = 0;
          for (let t = 0; t < p.length; t++) s0 += (p[t] as number) ** 2;
          return Math.sqrt(s0);
        },
        constant: false,
      };
    }
    if (name === 'min' || name === 'max') {
      if (args.length < 2)
        throw new FormulaError(`${name} takes two or more numbers, but ${quote(node)} gives ${args.length}.`);
      const xs = args.map((a) => this.scalar(a, name));
      const pick = name === 'min' ? Math.min : Math.max;
      return {
        kind: 'scalar',
        f: (c) => {
          let r = (xs[0] as Scalar).f(c);
          for (let k = 1; k < xs.length; k++) r = pick(r, (xs[k] as Scalar).f(c));
          return r;
        },
        constant: xs.every((x) => x.constant),
      };
    }
    arity(1);
    const g = SCALAR_FUNCTIONS[name] as (x: number) => number;
    const x = this.scalar(args[0] as MathNode, name);
    return { kind: 'scalar', f: (c) => g(x.f(c)), constant: x.constant };
  }

  private accessor(node: MathNode): Value {
    const acc = node as unknown as { object: MathNode; index: MathNode };
    const index = acc.index as unknown as { dimensions: MathNode[]; dotNotation: boolean };
    if (index.dotNotation || index.dimensions.length !== 1)
      throw new FormulaError(`${quote(node)}: read a token as x[j-1] and a coordinate as x[j-1][1].`);
    const object = unwrap(acc.object);
    if (object.type === 'SymbolNode' && (object as unknown as { name: string }).name === 'x')
      return this.token(node, index.dimensions[0] as MathNode);
    if (object.type === 'AccessorNode') {
      const v = this.value(object);
      if (v.kind !== 'vector') throw new FormulaError(`${quote(node)}: only a token has coordinates.`);
      const t = integerConstant(index.dimensions[0] as MathNode);
      if (t === null || t < 1 || t > this.dIn)
        throw new FormulaError(
          `${quote(node)}: a coordinate is a whole number 1..d_in, and d_in = ${this.dIn} here.`,
        );
      return { kind: 'scalar', f: (c) => v.f(c)[t - 1] as number, constant: false };
    }
    throw new FormulaError(`${quote(node)}: only the tokens x[…] can be indexed.`);
  }

  private token(node: MathNode, indexNode: MathNode): Vector {
    const idx = unwrap(indexNode);
    const readErr = () =>
      new FormulaError(
        `${quote(node)} reads a token the output cannot see: output j may read only earlier tokens, x[j-1], x[j-2], … (or a fixed position x[2], x[3], …), never x[j] or later, and position 1 holds the start token.`,
      );
    const fixed = integerConstant(idx);
    let offset: number | null = null;
    let position: number | null = null;
    if (fixed !== null) {
      if (fixed < 2) throw readErr();
      position = fixed;
    } else if (idx.type === 'SymbolNode' && (idx as unknown as { name: string }).name === 'j') {
      throw readErr();
    } else if (idx.type === 'OperatorNode') {
      const op = idx as unknown as { fn: string; args: MathNode[] };
      const [a, b] = op.args as [MathNode, MathNode];
      const isJ = (n: MathNode) => {
        const u = unwrap(n);
        return u.type === 'SymbolNode' && (u as unknown as { name: string }).name === 'j';
      };
      if (op.fn === 'subtract' && isJ(a) && integerConstant(b) !== null) offset = integerConstant(b);
      else if (op.fn === 'add' && isJ(a) && integerConstant(b) !== null)
        offset = -(integerConstant(b) as number);
      else if (op.fn === 'add' && isJ(b) && integerConstant(a) !== null)
        offset = -(integerConstant(a) as number);
      if (offset === null)
        throw new FormulaError(
          `${quote(node)}: a token index is j minus a whole number, as in x[j-1], or a fixed position such as x[2].`,
        );
      if (offset < 1) throw readErr();
    } else {
      throw new FormulaError(
        `${quote(node)}: a token index is j minus a whole number, as in x[j-1], or a fixed position such as x[2].`,
      );
    }
    const dIn = this.dIn;
    const buf = new Float64Array(dIn);
    if (offset !== null) {
      const k = offset;
      this.offsets.add(k);
      return {
        kind: 'vector',
        f: (c) => {
          const o = (c.j - k - 1) * dIn;
          for (let t = 0; t < dIn; t++) buf[t] = c.tokens[o + t] as number;
          return buf;
        },
      };
    }
    const i = position as number;
    this.positions.add(i);
    return {
      kind: 'vector',
      f: (c) => {
        const o = (i - 1) * dIn;
        for (let t = 0; t < dIn; t++) buf[t] = c.tokens[o + t] as number;
        return buf;
      },
    };
  }
}

/** Where a mathjs parse error points: "… (char 20)" becomes a caret under the text. */
function parseErrorText(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = /\(char (\d+)\)/.exec(message);
  const reason = message.replace(/\s*\(char \d+\)\s*$/, '');
  if (!at) return `cannot read the formula: ${reason}.`;
  // mathjs counts characters from 1.
  const char = Number(at[1]);
  const cut = Math.max(0, Math.min(text.length, char - 1));
  return `cannot read the formula at character ${char}: ${reason} (“${text.slice(0, cut)}⟨here⟩${text.slice(cut)}”).`;
}

/**
 * Parses and checks a formula for tokens of d_in coordinates. Never throws: a problem comes back as one plain
 * sentence that quotes the part of the formula it is about.
 */
export function compileFormula(text: string, dIn: number): FormulaResult {
  if (text.trim() === '')
    return { ok: false, error: 'the formula is empty; write one, for example ' + DEFAULT_FORMULA + '.' };
  if (text.length > MAX_FORMULA_LENGTH)
    return {
      ok: false,
      error: `the formula is ${text.length} characters long; at most ${MAX_FORMULA_LENGTH} are allowed.`,
    };
  let root: MathNode;
  try {
    root = math.parse(text);
  } catch (e) {
    return { ok: false, error: parseErrorText(text, e) };
  }
  const compiler = new Compiler(dIn);
  let body: Scalar;
  try {
    body = compiler.scalar(root, 'the formula');
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, error: e.message };
    throw e;
  }
  const directions = compiler.finish();
  const offsets = [...compiler.offsets].sort((a, b) => a - b);
  const positions = [...compiler.positions].sort((a, b) => a - b);
  if (offsets.length === 0 && positions.length === 0)
    return { ok: false, error: 'the formula reads no token; use at least one, such as x[j-1].' };
  const f = body.f;
  const ctx: Ctx = { tokens: [], j: 0, dirs: [] };
  return {
    ok: true,
    program: {
      text,
      dIn,
      directions,
      offsets,
      positions,
      evaluate(tokens, j, dirs) {
        ctx.tokens = tokens;
        ctx.j = j;
        ctx.dirs = dirs;
        return f(ctx);
      },
    },
  };
}

/** The config-level check of a formula: null when it compiles and some output 1..L has all its tokens. */
export function formulaProblem(text: string, dIn: number, L: number): string | null {
  const r = compileFormula(text, dIn);
  if (!r.ok) return r.error;
  if (formulaTargets(r.program, L).length === 0) {
    const far = Math.max(...r.program.offsets, 0);
    const fixed = Math.max(...r.program.positions, 0);
    const need = Math.max(far + 2, fixed + 1);
    return `the formula reads ${far > 0 ? `x[j-${far}]` : `x[${fixed}]`}, so no output up to L = ${L} has all its tokens; it needs L ≥ ${need}.`;
  }
  return null;
}
