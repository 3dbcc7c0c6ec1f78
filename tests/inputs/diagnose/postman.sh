curl --location 'https://3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b.applications.lucidworks.com/retail/signals/click' \
--header 'Content-Type: application/json' \
--header 'Authorization: {{embedToken}}' \
--data '[
    {
        "timestamp": 1732957204,
        "visitorId": "v-81f0c3d2",
        "sessionId": "s-4b9a7e11",
        "queryId": "q-5e0c2b",
        "ipAddress": "111.222.333",
        "productDetails": [
            {
                "product": {
                    "productId": "KT-1042",
                    "currencyCode": "usd",
                    "price": "49.99",
                    "title": "Men'\''s Café Kettle",
                    "imageuri": "https://cdn.shop.example.com/img/KT-1042.jpg"
                },
                "quantity": 123
            }
        ],
        "sourceId": "<string>",
        "uri": "https://shop.example.com/p/KT-1042",
        "selectedPosition": 2
    }
]'
