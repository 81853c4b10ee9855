<?php
/*
 * The test WordPress's configuration, shared by wp.php (the command line) and serve.php (php-fpm
 * behind nginx): one MariaDB database and one wp-content folder per test, Debian's WordPress code.
 */
function masthead_wp_config(string $db, string $content, string $home): void {
  define('DB_NAME', $db);
  define('DB_USER', 'root');
  define('DB_PASSWORD', '');
  define('DB_HOST', getenv('WP_DB_HOST') ?: '127.0.0.1');
  define('DB_CHARSET', 'utf8mb4');
  define('DB_COLLATE', '');
  define('WP_HOME', $home);
  define('WP_SITEURL', $home);
  define('WP_CONTENT_DIR', $content);
  define('WP_CONTENT_URL', $home . '/wp-content');
  define('ABSPATH', (getenv('WP_ROOT') ?: '/usr/share/wordpress') . '/');
  define('DISABLE_WP_CRON', true);
}
