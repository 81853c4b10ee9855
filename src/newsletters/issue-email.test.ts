import { describe, expect, it } from 'vitest';
import { arrangeIssue, type IssueItem, issueMjml, renderIssueEmail, UNSUBSCRIBE_MARK } from './index.ts';

const item = (id: number, section: string | null, image: boolean, headline = `Story ${id}`): IssueItem => ({
  id,
  headline,
  standfirst: `Standfirst ${id}`,
  url: `https://news.example/news/story-${id}`,
  imageUrl: image ? `https://news.example/media/${id}.jpg` : null,
  imageAlt: `Image ${id}`,
  section: section ? { slug: section.toLowerCase(), name: section } : null,
  publishedAt: 1_000_000 - id,
});

describe('issue assembly and the email', () => {
  it('leads with the newest story that has an image, then groups the rest by section, newest first', () => {
    const content = arrangeIssue([item(3, 'Tolling', false), item(1, 'Tolling', false), item(2, 'Electric', true), item(4, null, false)]);
    expect(content.lead?.id).toBe(2);
    expect(content.sections.map((s) => [s.name, s.items.map((i) => i.id)])).toEqual([
      ['Tolling', [1, 3]],
      ['More news', [4]],
    ]);
  });

  it('renders valid, responsive MJML with escaped text, dark-mode styles, a text part and one unsubscribe placeholder each', async () => {
    const input = {
      siteTitle: 'Review & <Co>',
      siteUrl: 'https://news.example',
      listName: 'Daily news',
      subject: 'Daily news: "Tolls" rise',
      intro: 'Hello <b>readers</b>',
      content: arrangeIssue([item(1, 'Tolling', true, 'Tolls & <gantries>'), item(2, 'Electric', false)]),
      webUrl: 'https://news.example/newsletters/daily/2026-11-27',
    };
    // Strict validation throws on any MJML error: rendering at all is the check MJML recommends.
    const { html, text } = await renderIssueEmail(input);
    expect(html).toContain('Tolls &amp; &lt;gantries&gt;');
    expect(html).toContain('Hello &lt;b&gt;readers&lt;/b&gt;');
    expect(html).not.toContain('<gantries>');
    expect(html).toContain('@media only screen and (min-width:480px)');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('<meta name="color-scheme" content="light dark"');
    expect(html.split(UNSUBSCRIBE_MARK).length).toBe(2);
    expect(text.split(UNSUBSCRIBE_MARK).length).toBe(2);
    expect(text).toContain('Tolls & <gantries>\nStandfirst 1\nhttps://news.example/news/story-1');
    expect(text).toContain('ELECTRIC');
    expect(issueMjml(input)).toContain('<mj-preview>Hello &lt;b&gt;readers&lt;/b&gt;</mj-preview>');
  });
});
