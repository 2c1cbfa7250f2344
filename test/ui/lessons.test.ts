/**
 * The lessons: every variant resolves to a valid config from an existing preset, lesson links open their first
 * variant, and the active variant is recognised from the run's config.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, validateConfig } from '../../src/model/config';
import { presetByName } from '../../src/model/presets';
import { parseLink } from '../../src/state/link/config-link';
import {
  activeVariant,
  findLesson,
  LESSONS,
  lessonConfig,
  variantConfig,
} from '../../src/model/lessons/lessons';

describe('lessons', () => {
  it('has the eleven lessons of the classroom plan, each with text to show', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'theorem',
      'beyond-linear',
      'long',
      'width',
      'small-inputs',
      'last-token',
      'concept',
      'formula',
      'finite-data',
      'train-all',
      'too-large-lr',
    ]);
    for (const l of LESSONS) {
      expect(l.claim.length).toBeGreaterThan(40);
      expect(l.predicts.length).toBeGreaterThan(40);
      expect(l.watch.length).toBeGreaterThan(0);
      expect(new Set(l.variants.map((v) => v.label)).size).toBe(l.variants.length);
    }
  });

  it('builds every variant from an existing preset into a valid, seeded config', () => {
    for (const l of LESSONS)
      for (const v of l.variants) {
        const preset = presetByName(v.preset);
        expect(preset, `${l.id}: ${v.preset}`).toBeDefined();
        const c = variantConfig(v);
        expect(validateConfig(c).ok).toBe(true);
        // The preset's settings hold unless the variant overrides them.
        for (const [k, value] of Object.entries(preset?.config ?? {}))
          if (!(k in (v.config ?? {}))) expect(c[k as keyof typeof c]).toBe(value);
      }
  });

  it('compares like with like: the variants of a lesson differ in the settings the lesson is about', () => {
    const differing = (id: string) => {
      const configs = (findLesson(id)?.variants ?? []).map(variantConfig);
      expect(configs.length).toBeGreaterThan(1);
      return Object.keys(DEFAULT_CONFIG).filter((k) =>
        configs.some((c) => c[k as 'L'] !== configs[0]?.[k as 'L']),
      );
    };
    expect(differing('beyond-linear')).toEqual(['R']);
    expect(differing('long')).toEqual(['L']);
    expect(differing('width')).toEqual(['m', 'lr']);
    expect(differing('small-inputs')).toEqual(['epsx']);
    expect(differing('concept')).toEqual(['concept']);
    expect(differing('train-all')).toEqual(['train']);
  });

  it('opens a lesson link with its first variant and recognises each variant', () => {
    for (const l of LESSONS) {
      const { config, page, errors } = parseLink(`?lesson=${l.id}`);
      expect(errors).toEqual([]);
      expect(page.lesson).toBe(l.id);
      expect(config).toEqual(lessonConfig(l.id));
      l.variants.forEach((v, i) => {
        expect(activeVariant(l, { ...variantConfig(v), backend: 'webgl' })).toBe(i);
      });
      expect(activeVariant(l, { ...config, seed: config.seed + 1 })).toBe(-1);
    }
  });
});
