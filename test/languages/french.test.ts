import { describe, expect, it } from 'vitest';
import { fr } from '../../src/languages/fr.js';

describe('French elision and articles', () => {
  const elide = fr.elide!;

  it('elides de, que, le… before a vowel or a mute h, and not before a consonant, y + vowel or an aspirated h', () => {
    expect(elide('de', 'Erlan Baltabay')).toBe('d’Erlan Baltabay');
    expect(elide('de', 'Amin Eleusinov')).toBe('d’Amin Eleusinov');
    expect(elide('que', 'Amin')).toBe('qu’Amin');
    expect(elide('le', 'Öztürk')).toBe('l’Öztürk');
    expect(elide('De', 'Élise')).toBe('D’Élise');
    expect(elide('de', 'Hélène')).toBe('d’Hélène');
    expect(elide('de', 'Yves')).toBe('d’Yves');
    expect(elide('de', 'Yasmina')).toBe('de Yasmina');
    expect(elide('de', 'Kassym')).toBe('de Kassym');
    expect(elide('de', 'Haute Cour')).toBe('de Haute Cour');
    expect(elide('pour', 'Erlan')).toBe('pour Erlan');
  });

  it('agrees the delivery line with the channel’s gender and article', () => {
    const d = fr.labels.delivery;
    expect(d('Ambassade du Kazakhstan en France')).toBe('Par l’intermédiaire de l’Ambassade du Kazakhstan en France :');
    expect(d('Mission permanente du Kazakhstan à Genève')).toBe('Par l’intermédiaire de la Mission permanente du Kazakhstan à Genève :');
    expect(d('Consulat général du Kazakhstan à Lyon')).toBe('Par l’intermédiaire du Consulat général du Kazakhstan à Lyon :');
    expect(d('Haut-Commissariat du Kazakhstan')).toBe('Par l’intermédiaire du Haut-Commissariat du Kazakhstan :');
    expect(d('le Consulat du Kazakhstan')).toBe('Par l’intermédiaire du Consulat du Kazakhstan :');
    expect(d('l’Ambassade du Kazakhstan')).toBe('Par l’intermédiaire de l’Ambassade du Kazakhstan :');
  });

  it('hears one person speaking only in a body written with "je" and without "nous"', () => {
    expect(fr.speaksAlone!('Je vous écris au nom de notre fédération.')).toBe(true);
    expect(fr.speaksAlone!('J’ai l’honneur de vous écrire.')).toBe(true);
    expect(fr.speaksAlone!('Nous vous écrivons.')).toBe(false);
    expect(fr.speaksAlone!('Nous vous écrivons ; je signe.')).toBe(false);
    expect(fr.speaksAlone!('Le jeu syndical, la jeunesse.')).toBe(false);
  });
});
