import { describe, expect, it } from 'vitest';
import { type PageArticle, pageArticle } from './index.ts';

const URL_ = 'https://old.example/2024/03/savannah-automated-gate/';
const STORY = '<p>The new gate opened on Sunday.</p><p>Trucks now clear it in under a minute.</p>';
const siteHeader = '<header class="site-header"><a href="/" class="custom-logo-link"><img src="/wp-content/uploads/2020/01/port-weekly.png" class="custom-logo" width="600" height="200" alt="Port Technology Weekly"></a></header>';
const byline = '<div class="byline"><img alt="" src="https://secure.gravatar.com/avatar/5f1c?s=96&amp;d=mm" class="avatar avatar-96 photo" height="96" width="96"> Jane Doe <time datetime="2024-03-11T02:30:00+00:00">March 10, 2024</time></div>';

function read(html: string): PageArticle {
  const article = pageArticle(`<!DOCTYPE html><html><head><title>Port of Savannah opens its automated gate</title></head><body>${html}</body></html>`, URL_);
  if (typeof article === 'string') throw new Error(article);
  return article;
}

describe('the lead image a page shows above its story, when its JSON-LD and Open Graph name none', () => {
  it('takes a block theme’s featured-image figure before the post content in <main>, not the site logo or the body’s own images', () => {
    // WordPress's Twenty Twenty-Three, as nginx served the real WordPress test's post.
    const a = read(`${siteHeader}<main class="wp-block-group"><div class="wp-block-group">
      <figure class="alignwide wp-block-post-featured-image"><img loading="lazy" width="1200" height="800" src="/wp-content/uploads/2024/03/quay-cranes.jpg" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="Three ship-to-shore cranes" srcset="/wp-content/uploads/2024/03/quay-cranes-300x200.jpg 300w"><span class="wp-block-post-featured-image__overlay" aria-hidden="true"></span></figure>
      <h1 class="wp-block-post-title">Port of Savannah opens its automated gate</h1></div>
      <div class="entry-content wp-block-post-content">${STORY}<figure class="wp-caption"><img src="/wp-content/uploads/2024/03/truck-300x200.jpg" width="300" height="200" alt=""><figcaption>A truck at the gate</figcaption></figure></div>
      <div class="wp-block-post-date"><time datetime="2024-03-10T22:30:00-04:00">March 10, 2024</time></div></main>`);
    expect(a.image).toEqual({ url: 'https://old.example/wp-content/uploads/2024/03/quay-cranes.jpg', alt: 'Three ship-to-shore cranes' });
    expect(a.body).not.toContain('quay-cranes');
    expect(a.body).toContain('https://old.example/wp-content/uploads/2024/03/truck-300x200.jpg');
  });

  it('takes a classic theme’s post thumbnail in the article’s header with its caption, passing over the byline’s avatar', () => {
    const a = read(`${siteHeader}<article class="post"><header class="entry-header"><h1 class="entry-title">Port of Savannah opens its automated gate</h1>${byline}
      <figure class="post-thumbnail"><img width="1568" height="1045" src="/wp-content/uploads/2024/03/quay-cranes.jpg" class="attachment-post-thumbnail wp-post-image" alt=""><figcaption class="wp-caption-text">Cranes at the container quay</figcaption></figure></header>
      <div class="entry-content">${STORY}</div></article>`);
    expect(a.image).toEqual({ url: 'https://old.example/wp-content/uploads/2024/03/quay-cranes.jpg', alt: 'Cranes at the container quay', caption: 'Cranes at the container quay' });
  });

  it('takes the image in the header of an article that is its own body, which the body then leaves out; a lazy image at its real address', () => {
    const a = read(`<article><header><h1>Port of Savannah opens its automated gate</h1>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/images/cranes.jpg" alt="Cranes"></header>
      <time datetime="2024-03-11T02:30:00Z">March 10</time>${STORY}<img src="/images/truck.jpg" alt="A truck"></article>`);
    expect(a.image).toEqual({ url: 'https://old.example/images/cranes.jpg', alt: 'Cranes' });
    expect(a.body).not.toContain('cranes.jpg');
    expect(a.body).toContain('https://old.example/images/truck.jpg');
  });

  it('takes a picture a theme prints above the <article>, inside <main>', () => {
    const a = read(`${siteHeader}<main><div class="post-thumbnail"><img src="/wp-content/uploads/2024/03/quay-cranes.jpg" width="1200" height="800" alt="Cranes"></div>
      <article><h1>Port of Savannah opens its automated gate</h1>${byline}<div class="entry-content">${STORY}</div></article></main>`);
    expect(a.image).toEqual({ url: 'https://old.example/wp-content/uploads/2024/03/quay-cranes.jpg', alt: 'Cranes' });
  });

  it('finds none where only logos, avatars, icons, ads and pixels come before the body, or the only picture is in the body', () => {
    const a = read(`${siteHeader}<article><header class="entry-header"><h1>Port of Savannah opens its automated gate</h1>${byline}
      <img src="/wp-content/themes/port/icons/print.png" width="16" height="16" alt="Print">
      <img src="https://stats.example/p.gif" width="1" height="1" alt="">
      <div class="ad"><img src="/banners/crane-maker.jpg" width="728" height="90" alt="Buy cranes"></div>
      <img src="/wp-content/uploads/sponsor/acme.png" width="300" height="250" alt="Acme"></header>
      <aside class="share"><img src="/wp-content/uploads/2024/03/quay-cranes.jpg" width="1200" height="800" alt=""></aside>
      <div class="entry-content"><figure><img src="/wp-content/uploads/2024/03/quay-cranes.jpg" width="1200" height="800" alt="Cranes"></figure>${STORY}</div></article>`);
    expect(a.image).toBeUndefined();
    expect(a.body).toContain('quay-cranes.jpg');
  });

  it('keeps what the page’s metadata names first: Open Graph’s image over the figure above the story', () => {
    const a = read(`<meta property="og:image" content="https://cdn.old.example/cranes-1200x630.jpg"><main><figure class="wp-block-post-featured-image"><img src="/wp-content/uploads/2024/03/quay-cranes.jpg" alt="Cranes"></figure>
      <div class="entry-content">${STORY}</div><time datetime="2024-03-11T02:30:00Z">March 10</time></main>`);
    expect(a.image).toEqual({ url: 'https://cdn.old.example/cranes-1200x630.jpg' });
  });
});
