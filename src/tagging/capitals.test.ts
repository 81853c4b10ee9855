import { describe, expect, it } from 'vitest';
import { compileMatcher } from './compile-matcher.ts';

const matcher = compileMatcher([
  { id: 'ny', name: 'New York', aliases: [] },
  { id: 'chi', name: 'Chicago', aliases: [] },
  { id: 'dal', name: 'Dallas', aliases: [] },
  { id: 'leics', name: 'Leicestershire', aliases: [] },
  { id: 'bp', name: 'BP', aliases: [] },
  { id: 'shell', name: 'Shell', aliases: ['Royal Dutch Shell'] },
]);
const found = (text: string): string[] => matcher.find(text).map((m) => `${m.text}@${m.start}`);

describe('text in capitals', () => {
  it('tags nothing in the place name of a dateline', () => {
    expect(found('NEW YORK 1996-08-22\nThe New York Rangers lost 5 3.')).toEqual([]);
    expect(found('CHICAGO, March 3 - Dallas 5 Chicago 3 on Sunday.')).toEqual(['Dallas@19', 'Chicago@28']);
  });
  it('tags a name in a headline in capitals only when the story names it too', () => {
    const story = 'CRICKET - LEICESTERSHIRE TAKE OVER AT TOP\nLONDON 1996-08-30\nLeicestershire beat Somerset.';
    expect(found(story)).toEqual(['LEICESTERSHIRE@10', 'Leicestershire@60']);
    expect(found('BASEBALL - CHICAGO WINS IN TENTH AS DALLAS FADE\nThe game went on.')).toEqual([]);
  });
  it('takes the company, named another way in the story, as support', () => {
    expect(found('SHELL RAISES PRICES\n\nRoyal Dutch Shell raised prices.')).toEqual(['SHELL@0', 'Royal Dutch Shell@21']);
  });
  it('keeps acronyms the directory writes in capitals', () => {
    expect(found('BP RAISES NORTH SEA PRICES')).toEqual(['BP@0']);
  });
  it('keeps the names of a table or a list in capitals', () => {
    expect(found('EASTERN DIVISION\nCHICAGO 71 60 .542 11\nDALLAS AT NEW YORK')).toEqual(['CHICAGO@17', 'DALLAS@39', 'NEW YORK@49']);
  });
});
