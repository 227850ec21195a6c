<p class="formats">本页数据：<a class="json" href="{{json_url}}" type="application/json">JSON</a> · <a class="csv" href="{{csv_url}}" type="text/csv">CSV</a>
% if defined('feed_url'):
 · <a class="feed" href="{{feed_url}}">订阅（Atom）</a>
% end
</p>
