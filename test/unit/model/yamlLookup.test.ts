/**
 * `mapPair`/`mapValue` find a key by its scalar's value as a string, the way they always did
 * (`String(key.value) === name`), with a shortcut past keys whose value is another string: keys
 * that resolve to numbers, booleans or null, quoted keys, non-scalar keys and items that are not
 * pairs must still be found or passed over as before.
 */
import assert from 'node:assert/strict';
import { isPair, isScalar, Pair, parseDocument, Scalar, YAMLMap } from 'yaml';
import { mapPair, mapValue } from '../../../server/src/model/yaml';
import { readBlockYaml } from '../../../server/src/yaml/blockReader';

/** The lookup as it was written before the shortcut: the reference. */
function referencePair(map: YAMLMap, key: string): unknown {
  for (const item of map.items) if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  return undefined;
}

const TEXT = 'name: a\n1: one\ntrue: yes\nnull: nothing\n"quoted": q\n1.50: f\n0x1F: hex\n[k]: flow\n{m: 1}: map\n? |\n  block\n: b\nname: second\n';

describe('model/yaml: mapPair and mapValue', () => {
  const parsed = parseDocument(TEXT, { uniqueKeys: false }).contents as YAMLMap;
  const names = ['name', '1', 'true', 'null', 'quoted', '1.5', '1.50', '31', '0x1F', 'k', 'm', 'block\n', 'missing', '', 'undefined', '[object Object]'];

  it('finds every kind of key as the plain lookup does, the first of duplicates', () => {
    for (const name of names) assert.equal(mapPair(parsed, name), referencePair(parsed, name), name);
    assert.equal((mapValue(parsed, 'name') as Scalar).value, 'a');
    assert.equal((mapValue(parsed, 'true') as Scalar).value, 'yes');
    assert.equal((mapValue(parsed, '31') as Scalar).value, 'hex');
  });

  it('reads the fast reader nodes the same way', () => {
    const fast = readBlockYaml('name: a\n1: one\ntrue: b\nnull: c\nimage: d\nname: e\n') as YAMLMap;
    for (const name of ['name', '1', 'true', 'null', 'image', 'nope']) assert.equal(mapPair(fast, name), referencePair(fast, name), name);
  });

  it('passes over items that are not pairs and keys that are not scalars or have no value', () => {
    const map = new YAMLMap();
    map.items.push(
      null as never,
      'name' as never,
      { key: { value: 'name' } } as never,
      new Pair(null, 1),
      new Pair(new Scalar(undefined), 2),
      new Pair(new Scalar('name'), 3),
    );
    for (const name of ['name', 'undefined', 'null', '']) assert.equal(mapPair(map, name), referencePair(map, name), name);
    assert.equal(mapValue(map, 'name'), 3);
    assert.equal(mapPair('not a map', 'name'), undefined);
  });
});
