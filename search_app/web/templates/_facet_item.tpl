<li><a class="{{'on' if item.active else ''}}" href="{{item.url}}" title="{{'去掉这个筛选' if item.active else '只看这一项'}}">{{item.label}}</a> <span class="count">{{item.count}}</span></li>
