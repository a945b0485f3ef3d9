import { describe, expect, test } from 'vitest';
import type { FileField, ListedFile, Protocol } from '../../../model/index.ts';
import { RandomChooser } from '../../../sim/engine/randomChooser.ts';
import { FileMask, UndeclaredField, allFields, fieldBits } from '../../../sim/engine/fileMask.ts';
import { ProtocolFault, Simulator } from '../../../sim/engine/simulator.ts';
import type { FileVersion } from '../../../sim/engine/world.ts';
import type { StoreSpec } from '../../../sim/scenario/scenario.ts';
import { testScenario } from '../../fixtures/scenarios.ts';
import { scriptProtocol } from '../../fixtures/scriptProtocol.ts';

const pending = 'locks/PENDING-A';
const other = 'locks/SYNCING-A';

/** The plain script protocol, with the given fileFields declaration (or none). */
function withFields(fileFields: ((name: string) => readonly FileField[]) | undefined): Protocol {
  const plain = scriptProtocol({}, { log: false });
  return fileFields === undefined ? { ...plain, declares: undefined } : { ...plain, declares: { ...plain.declares, fileFields } };
}

const declaring = withFields((name) => (name === pending ? ['mtimeTicks'] : []));
const version = (name: string): FileVersion => ({
  name,
  nameKey: 0,
  writer: 0,
  body: { owner: 'A' },
  bodyKey: 1,
  mtimeTicks: 7,
  clientStampTicks: 6,
  version: 3,
  commitTick: 7,
  visibleTick: 7,
  deleted: false,
});
const scenario = (store: Partial<StoreSpec> = {}) => testScenario({ clients: [{ id: 'A' }], store });
const maskOf = (protocol: Protocol, store: Partial<StoreSpec> = {}, reduces = true) => new FileMask(protocol, {}, scenario(store), reduces);

describe('FileMask', () => {
  test('a listed file has name, owner and the declared fields; reading another field throws, naming the field and the file', () => {
    const file = maskOf(declaring).listed(version(pending), ['A']);
    expect(file.name).toBe(pending);
    expect(file.owner).toBe('A');
    expect(file.mtimeTicks).toBe(7);
    for (const field of ['body', 'clientStampTicks', 'version'] as const) {
      expect(() => file[field]).toThrow(UndeclaredField);
      expect(() => file[field]).toThrow(`reads ${field} of ${pending}, which its declares.fileFields leaves out`);
    }
  });

  test('a file whose declaration is empty shows its name and owner only', () => {
    const file = maskOf(declaring).listed(version(other), ['A']);
    expect({ name: file.name, owner: file.owner }).toStrictEqual({ name: other, owner: 'A' });
    for (const field of ['body', 'mtimeTicks', 'clientStampTicks', 'version'] as const) expect(() => file[field]).toThrow(`reads ${field} of ${other}`);
    // The left-out fields are own accessors: copying or serialising the file reads them, and so throws too,
    // rather than silently handing a copy without them to code that then reads undefined.
    expect(Object.keys(file)).toStrictEqual(['name', 'owner', 'body', 'mtimeTicks', 'clientStampTicks', 'version']);
    expect(() => ({ ...file })).toThrow('reads body of');
    expect(() => JSON.stringify(file)).toThrow('reads body of');
  });

  test('a protocol without the declaration gets every field of every file', () => {
    const mask = maskOf(withFields(undefined));
    for (const name of [pending, other]) {
      expect(mask.readMask(name)).toBe(allFields);
      expect(mask.keptMask(name)).toBe(allFields);
      const expected: ListedFile = { name, owner: 'A', body: { owner: 'A' }, mtimeTicks: 7, clientStampTicks: 6, version: 3 };
      expect(mask.listed(version(name), ['A'])).toStrictEqual(expected);
    }
  });

  test('the store keeps the declared fields, and the version too when it offers conditional requests', () => {
    expect(maskOf(declaring).keptMask(pending)).toBe(fieldBits.mtimeTicks);
    expect(maskOf(declaring).keptMask(other)).toBe(0);
    const conditional = maskOf(declaring, { createIfAbsent: true });
    expect(conditional.keptMask(pending)).toBe(fieldBits.mtimeTicks | fieldBits.version);
    expect(conditional.keptMask(other)).toBe(fieldBits.version);
    // What step may read does not grow with it.
    expect(conditional.readMask(other)).toBe(0);
  });

  test('with the reduction off every field is kept', () => {
    const off = maskOf(declaring, { createIfAbsent: true }, false);
    expect(off.keptMask(pending)).toBe(allFields);
    expect(off.keptMask(other)).toBe(allFields);
    expect(off.keptMaskOf(version(other))).toBe(allFields);
    expect(off.keepsSendClock(other)).toBe(true);
  });

  test("the writer's clock at send is kept when the stamp is, or when mtimes come from the writer and are kept", () => {
    const stamps = withFields(() => ['clientStampTicks']);
    const mtimes = withFields(() => ['mtimeTicks']);
    expect(maskOf(stamps).keepsSendClock(pending)).toBe(true);
    expect(maskOf(mtimes).keepsSendClock(pending)).toBe(false);
    expect(maskOf(mtimes, { mtimeFrom: 'writer' }).keepsSendClock(pending)).toBe(true);
    expect(maskOf(withFields(() => ['body']), { mtimeFrom: 'writer' }).keepsSendClock(pending)).toBe(false);
  });

  test('a declaration that returns no list, or names an unknown field, is an error naming the protocol', () => {
    expect(() => maskOf(withFields(() => 'body' as unknown as FileField[])).readMask(pending)).toThrow('protocol script: declares.fileFields("locks/PENDING-A") returned no list');
    expect(() => maskOf(withFields(() => ['owner' as FileField])).readMask(pending)).toThrow('protocol script: declares.fileFields names unknown field "owner"');
  });

  test('in the simulator, a step that reads an undeclared field is a protocol fault that names the field and the file', () => {
    const reader: Protocol<Record<string, unknown>, { pc: number }> = {
      ...withFields(() => ['mtimeTicks']),
      init: () => ({ pc: 0 }),
      step(state, input) {
        if (state.pc === 0) return { state: { pc: 1 }, effect: { kind: 'put', name: 'f', body: 'x' } };
        if (state.pc === 1) return { state: { pc: 2 }, effect: { kind: 'list', prefix: '' } };
        if (state.pc === 2 && input.reply?.kind === 'listed') {
          const file = input.reply.files[0]!;
          return { state: { pc: file.mtimeTicks >= 0 && file.body !== null ? 3 : 4 }, effect: { kind: 'done', outcome: 'finished' } };
        }
        return { state, effect: { kind: 'done', outcome: 'finished' } };
      },
    };
    const sim = new Simulator(scenario(), reader);
    const chooser = new RandomChooser('1');
    let world = sim.init(chooser);
    const run = () => {
      while (!sim.isFinished(world)) world = sim.step(world, chooser);
    };
    expect(run).toThrow(ProtocolFault);
    expect(run).toThrow('A: reads body of f, which its declares.fileFields leaves out');
  });
});
