import { describe, expect, it } from 'vitest';
import { type PageArticle, pageArticle } from './index.ts';

const URL_ = 'https://old.example/node/4312';
const STANDFIRST =
  'Renault-Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue and to accelerate growth of Renault Samsung Motors.';
const BODY = [
  '2453 Renault-838 Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the next-generation Nissan Rogue and to accelerate growth of Renault Samsung Motors. Production of Nissan Rogue crossover in Busan, Korea, will begin in 2014, with an annual capacity of about 80,000 units.',
  '"Adding production in Korea shows a commitment across the Alliance to helping Renault Samsung Motors achieve its targets for cost competitiveness and growth," said Renault-Nissan Alliance chairman and CEO Carlos Ghosn.',
  'Formed in 1999, the Renault-Nissan Alliance achieved a record 8.03 million vehicle sales in 2011 in nearly 200 countries. Brands include Renault, Nissan, 4777 Infiniti, 1973 Dacia and Renault Samsung Motors.',
];
/** The seed's "Related Content": dated teasers, each a long paragraph of its own. */
const TEASERS = [
  ['July 25, 2012', 'Qualcomm and Renault sign MoU on wireless EV charging technology', 'Qualcomm and Renault have announced a memorandum of understanding (MoU) for their intended cooperation on the London trial of Qualcomm Halo Wireless Electric Vehicle Charging (WEVC) technology.'],
  ['July 12, 2012', 'European car manufacturers face world’s toughest CO2 targets', "Following the adoption yesterday of the European Commission's proposals to reduce CO2 emissions from cars and vans, the European Automobile Manufacturers' Association (ACEA) says it will now work with its members."],
  ['March 2, 2015', 'Scottish company produces motor fuel from whisky', 'A Scottish company has become the first in the world to produce biofuel capable of powering cars from residues of the whisky industry, and now plans to build a production facility in central Scotland.'],
];
const teaserList = TEASERS.map(([d, t, p]) => `<li><span class="date">${d}</span><a href="/news/${t?.length}">${t}</a><p>${p}</p></li>`).join('');
const menu = `<ul class="menu">${['Home', 'News', 'Transport', 'Electric Vehicles', 'Events', 'Companies', 'Subscribe', 'Contact us'].map((m) => `<li><a href="/${m}">${m}</a></li>`).join('')}</ul>`;

/** The seed article as a Drupal 7 theme served it: divs only, no <article>, JSON-LD or Open Graph. */
const drupal7 = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Renault-Nissan Alliance invests $160 million in Korea | ITS International</title>
<meta name="description" content="${STANDFIRST}"><script>var _gaq = [];</script></head>
<body class="html not-front one-sidebar sidebar-second page-node page-node-4312">
<div id="skip-link"><a href="#main-content">Skip to main content</a></div>
<div id="page"><div id="header"><div class="site-name"><a href="/">ITS International</a></div><div class="date-today">Thursday, July 26, 2012</div>${menu}</div>
<div id="main"><div id="content" class="column"><a id="main-content"></a>
<h1 class="title" id="page-title">Renault-Nissan Alliance invests $160 million in Korea</h1>
<div class="node node-article"><div class="field-name-field-summary"><p>${STANDFIRST}</p></div>
<div class="submitted">July 23, 2012 <span>Read time: 1 min</span></div><div class="links"><a href="/rss.xml">RSS</a></div>
<div class="field field-name-body"><div class="field-items"><div class="field-item even">${BODY.map((p) => `<p>${p}</p>`).join('\n')}</div></div></div>
<div class="share-buttons"><a href="https://twitter.com/share">Share on Twitter</a> <a href="https://linkedin.com/share">Share on LinkedIn</a></div></div>
<div class="block block-related"><h2>Related Content</h2><ul>${teaserList}</ul><div class="pager"><a href="?page=1">Next</a></div></div></div>
<div class="region region-sidebar-second"><div class="block"><h2>For more information on companies in this article</h2><ul><li><a href="/company/renault">Renault</a></li><li><a href="/company/nissan">Nissan</a></li></ul></div></div></div>
<div id="footer"><p>© 2012 Route One Publishing. All rights reserved. Registered in England and Wales, company number 1234567, at the address on our contact page.</p></div></div></body></html>`;

/** A 1990s trade site: tables, <font>, the date and text separated by <br>, no <p> at all. */
const legacy = `<html><head><title>Scottish company produces motor fuel from whisky - Old Trade News</title></head><body bgcolor="white">
<table width="760"><tr><td width="160" valign="top">${['Home', 'Archive', 'Advertise', 'Contact'].map((m) => `<a href="/${m}.html">${m}</a><br>`).join('')}</td>
<td valign="top"><font face="Arial" size="2"><b>Fuel</b> | 2 March 2015<br><br>
A Scottish company has become the first in the world to produce biofuel capable of powering cars from residues of the whisky industry.<br><br>
Edinburgh-based Celtic Renewables now plans to build a production facility in central Scotland after manufacturing the first samples of bio-butanol from the by-products of whisky fermentation.<br><br>
<a href="/archive.html">Back to the archive</a></font></td></tr></table></body></html>`;

/** A section page: a list of teasers, each long, none of them the page's story. */
const listing = `<html><head><title>Transport | ITS International</title></head><body><div id="header">${menu}</div><div id="content"><h1>Transport</h1>
${[...TEASERS, ...TEASERS].map(([d, t, p]) => `<div class="views-row"><h3><a href="/news/x">${t}</a></h3><div class="date">${d}</div><div class="views-field"><p>${p}</p></div></div>`).join('\n')}
<div class="pager"><a href="?page=1">2</a> <a href="?page=2">3</a></div></div></body></html>`;

/** A blog-style story with reader comments longer than the story itself. */
const commented = `<html><head><title>Tolling goes open road</title><meta name="dc.date" content="2013-04-09T10:30:00+02:00"></head><body>${menu}
<div class="main-column"><h1>Tolling goes open road</h1><div class="story-text"><p>${BODY[0]}</p><p>${BODY[2]}</p></div>
<div id="comments"><h2>Comments</h2>${[1, 2, 3].map((n) => `<div class="comment"><p class="author">Reader ${n}</p><p>${BODY.join(' ')} I disagree with every word of this, and here is why, at length.</p></div>`).join('')}</div></div></body></html>`;

function article(html: string): PageArticle {
  const a = pageArticle(html, URL_);
  if (typeof a === 'string') throw new Error(a);
  return a;
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('pages with no JSON-LD, Open Graph or <article>: the main block by text density', () => {
  it('the seed page as Drupal 7 served it: the body field, not the related teasers, menu, share bar or company box', () => {
    const a = article(drupal7);
    expect(a.headline).toBe('Renault-Nissan Alliance invests $160 million in Korea');
    expect(a.standfirst).toBe(STANDFIRST);
    expect(text(a.body)).toBe(BODY.join(' '));
    expect(a.body).toBe(BODY.map((p) => `<p>${p}</p>`).join('\n'));
    // The byline's date, at noon UTC (the day it shows everywhere); not the banner's "today" nor a teaser's date.
    expect(a.publishedAt).toBe(Date.UTC(2012, 6, 23, 12));
  });

  it('a table-and-<br> page: the cell with the story, its inline date, and the <title> less the site name', () => {
    const a = article(legacy);
    expect(a.headline).toBe('Scottish company produces motor fuel from whisky');
    expect(a.publishedAt).toBe(Date.UTC(2015, 2, 2, 12));
    expect(text(a.body)).toContain('A Scottish company has become the first in the world');
    expect(text(a.body)).toContain('from the by-products of whisky fermentation.');
    expect(a.body).not.toContain('Advertise');
  });

  it('a story beats longer reader comments, and a Dublin Core date is read', () => {
    const a = article(commented);
    expect(a.body).toBe(`<p>${BODY[0]}</p><p>${BODY[2]}</p>`);
    expect(a.publishedAt).toBe(Date.UTC(2013, 3, 9, 8, 30));
  });

  it('a section page of teasers, a contact page and a menu are not articles', () => {
    for (const page of [listing, `<html><body><div id="content"><h1>Contact us</h1><p>Call 020 7946 0000.</p></div></body></html>`, `<html><body>${menu}${menu}${menu}</body></html>`]) {
      expect(pageArticle(page, URL_)).toMatch(/^not an article: .*no block of 250 characters of text$/);
    }
  });

  it('a page without a written date stays undated (the import refuses it unless --default-date)', () => {
    expect(article(drupal7.replace('July 23, 2012 ', '')).publishedAt).toBeUndefined();
  });
});
