/**
 * How old a story may be when it reaches us and still count as news: 48 hours. One rule, read in
 * two places that must agree. The alert stage sends no follower alert for an article published
 * longer ago (an archive import, a back-dated post), and issue assembly takes into the next
 * newsletter a story stored since the last issue if it was published no earlier than this before
 * that issue (a wire story that arrived late). Were the two to differ, a late story could reach a
 * follower by alert and be missing from the newsletter, or the reverse.
 */
export const NEWS_FRESHNESS_MS = 48 * 3600_000;
